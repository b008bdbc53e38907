export * from './ValueStreamApi';
