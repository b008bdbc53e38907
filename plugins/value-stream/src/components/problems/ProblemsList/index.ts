export { ProblemsList } from './ProblemsList';
export type { ProblemsListProps } from './ProblemsList';
