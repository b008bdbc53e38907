export { AsyncContent } from './AsyncContent';
export type { AsyncContentProps } from './AsyncContent';
