export { RiskFactors } from './RiskFactors';
export type { RiskFactorsProps } from './RiskFactors';
