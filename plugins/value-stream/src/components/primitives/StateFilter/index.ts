export { StateFilter } from './StateFilter';
export type { StateFilterProps } from './StateFilter';
