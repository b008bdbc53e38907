export * from './ValueStreamApi';
export { ValueStreamClient } from './ValueStreamClient';
