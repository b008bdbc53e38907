export { StandardChangesView } from './StandardChangesView';
export { StandardChangeModelName } from './StandardChangeModelName';
