/**
 * Tech Insights module of the Value Stream plugins: publishes each
 * service's stage, gaps, service level attainment, open P1/P2 incidents and
 * DORA metrics as facts that scorecard checks can read.
 *
 * @packageDocumentation
 */

export { techInsightsModuleValueStream as default } from './module';
export { valueStreamFactRetriever } from './valueStreamFactRetriever';
export {
  entityOfScorecard,
  factsOfScorecard,
  VALUE_STREAM_FACT_RETRIEVER_ID,
  valueStreamFactSchema,
} from './facts';
export type { ValueStreamFacts } from './facts';
