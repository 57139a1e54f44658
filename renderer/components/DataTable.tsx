import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column {
  label: string;
  numeric?: boolean;
}

/**
 * A table of records, one per row, each row ending with its actions (`<td className="cell-actions">`
 * holding RowActions): the last column's heading is for screen readers only. Wide tables scroll
 * sideways inside their card rather than pushing the page wider.
 */
export function DataTable({ columns, label, className, children }: { columns: readonly Column[]; label?: string; className?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className={className ? `data-table ${className}` : 'data-table'} aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col" className={column.numeric ? 'numeric' : undefined}>
                {column.label}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
