export { ExpiryChip } from './ExpiryChip';
export type { ExpiryChipProps } from './ExpiryChip';
