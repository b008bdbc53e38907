export { ProblemsView } from './ProblemsView';
