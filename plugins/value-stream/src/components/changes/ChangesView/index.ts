export { ChangesView } from './ChangesView';
