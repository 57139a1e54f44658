import { useId, type ReactNode } from 'react';

/** A titled card on a record's page, with its actions (Add…) beside the title. */
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
      <div className="section-body">{children}</div>
    </section>
  );
}
