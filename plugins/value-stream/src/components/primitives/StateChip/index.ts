export { StateChip } from './StateChip';
export type { StateChipProps } from './StateChip';
