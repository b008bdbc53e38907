export { DetailsTable } from './DetailsTable';
export type { DetailRow, DetailsTableProps } from './DetailsTable';
