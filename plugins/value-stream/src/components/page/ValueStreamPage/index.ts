export { ValueStreamPage } from './ValueStreamPage';
export type { ValueStreamPageProps } from './ValueStreamPage';
