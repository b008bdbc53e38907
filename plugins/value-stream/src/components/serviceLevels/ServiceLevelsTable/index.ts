export { ServiceLevelsTable } from './ServiceLevelsTable';
export type { ServiceLevelsTableProps } from './ServiceLevelsTable';
