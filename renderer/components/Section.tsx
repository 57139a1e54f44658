import { useId, type ReactNode } from 'react';
import { PanelBoundary } from './PanelBoundary';

/** A titled card on a record's page, with its actions (Add…) beside the title; what fails to draw in it stays in it. */
export function Section({
  title,
  actions,
  children,
  className,
  note,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  note?: ReactNode;
}) {
  const titleId = useId();
  return (
    <section className={`card section${className ? ` ${className}` : ''}`} aria-labelledby={titleId}>
      <div className="section-header">
        <h2 id={titleId} className="section-title">
          {title}
        </h2>
        {note}
        {actions && <div className="section-actions">{actions}</div>}
      </div>
      <div className="section-body">
        {/* A value this section cannot draw breaks this section only. */}
        <PanelBoundary>{children}</PanelBoundary>
      </div>
    </section>
  );
}
