import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { VALUE_STREAM_FACT_RETRIEVER_ID } from './facts';
import { valueStreamFactRetriever } from './valueStreamFactRetriever';

/**
 * The Value Stream module of Tech Insights: adds the
 * `valueStreamFactRetriever` fact retriever.
 *
 * @public
 */
export const techInsightsModuleValueStream = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'value-stream',
  register(reg) {
    reg.registerInit({
      deps: {
        techInsights: techInsightsFactRetrieversExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ techInsights, config, logger }) {
        techInsights.addFactRetrievers({
          [VALUE_STREAM_FACT_RETRIEVER_ID]: valueStreamFactRetriever,
        });
        // The tech-insights backend schedules only the retrievers that have
        // a cadence in its config, and skips the others without a word.
        const key = `techInsights.factRetrievers.${VALUE_STREAM_FACT_RETRIEVER_ID}`;
        if (!config.has(`${key}.cadence`)) {
          logger.warn(
            `${key}.cadence is not configured, so Tech Insights will not retrieve the Value Stream facts; set it, e.g. to '17 * * * *' (hourly)`,
          );
        }
      },
    });
  },
});
