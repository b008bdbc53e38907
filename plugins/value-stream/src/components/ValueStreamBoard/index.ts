export { ValueStreamBoard } from './ValueStreamBoard';
