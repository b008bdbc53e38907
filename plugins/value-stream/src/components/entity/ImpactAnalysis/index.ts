export { ImpactAnalysis } from './ImpactAnalysis';
export type { ImpactAnalysisProps } from './ImpactAnalysis';
