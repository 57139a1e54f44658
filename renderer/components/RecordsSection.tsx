import { useState, type ReactNode } from 'react';
import { ListState, type LoadingQuery } from './LoadState';
import { Section } from './Section';

/**
 * A section of records the user adds to: the Add button by its title, the list (or the line
 * saying it is loading, failed or has nothing yet) and the add dialog; for lists whose rows have
 * Edit, the same dialog edits a record.
 */
export function RecordsSection<R>({
  title,
  addLabel,
  primary,
  className,
  note,
  tools,
  query,
  count,
  empty,
  dialog,
  children,
}: {
  title: string;
  addLabel: string;
  /** Adding here is the page's main action (a person to the decision chain). */
  primary?: boolean;
  className?: string;
  note?: ReactNode;
  /** More actions by the Add button (the list's Export menu). */
  tools?: ReactNode;
  /** The list's query; `count` is how many rows it shows when that is not the length of its data. */
  query: LoadingQuery;
  count?: number;
  empty: string;
  /** The add dialog (`record` undefined) or the edit dialog of `record`; `close` closes it. */
  dialog: (record: R | undefined, close: () => void) => ReactNode;
  /** The list; `edit(record)` opens the dialog on that record. */
  children: ReactNode | ((edit: (record: R) => void) => ReactNode);
}) {
  const [open, setOpen] = useState<{ record: R | undefined } | null>(null);
  return (
    <Section
      title={title}
      className={className}
      note={note}
      actions={
        <>
          {tools}
          <button
            type="button"
            className={primary ? 'button button-small button-primary' : 'button button-small'}
            onClick={() => setOpen({ record: undefined })}
          >
            {addLabel}
          </button>
        </>
      }
    >
      <ListState query={query} count={count} empty={empty}>
        {typeof children === 'function' ? children((record) => setOpen({ record })) : children}
      </ListState>
      {open && dialog(open.record, () => setOpen(null))}
    </Section>
  );
}
