import { ReactNode } from 'react';
import { TableBody, TableCell, TableRow } from '@material-ui/core';
import { DataTable } from '../DataTable';

/** One row of a {@link DetailsTable}: its label and its content. */
export type DetailRow = [label: string, content: ReactNode];

/** Props of {@link DetailsTable}. */
export interface DetailsTableProps {
  /** The accessible name of the table. */
  label: string;
  rows: DetailRow[];
}

/** The details of one record or entity, a labelled row each. */
export const DetailsTable = ({ label, rows }: DetailsTableProps) => (
  <DataTable size="small" aria-label={label}>
    <TableBody>
      {rows.map(([rowLabel, content]) => (
        <TableRow key={rowLabel}>
          <TableCell component="th" scope="row">
            {rowLabel}
          </TableCell>
          <TableCell>{content}</TableCell>
        </TableRow>
      ))}
    </TableBody>
  </DataTable>
);
