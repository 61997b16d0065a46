// A plain data table described by its columns: a header and how each row fills the cell. One
// component for the tables that only list rows (the Audit room's two trails), so a change of
// markup, of scrolling or of accessibility lands in every such table at once.
import type { ReactNode } from 'react';

export interface Column<T> {
  /** The column header; also the cell's key, so unique within a table. */
  header: string;
  cell(row: T): ReactNode;
  /** e.g. 'num' for right-aligned figures. */
  className?: string;
}

export function ColumnTable<T>({
  label,
  rows,
  rowKey,
  columns,
}: {
  /** The table's accessible name. */
  label: string;
  rows: readonly T[];
  rowKey(row: T): string | number;
  columns: readonly Column<T>[];
}) {
  return (
    <div className="table-scroll">
      <table aria-label={label} className="data-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.header} className={c.className}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
