export { ChangesTable } from './ChangesTable';
export type { ChangesTableProps } from './ChangesTable';
