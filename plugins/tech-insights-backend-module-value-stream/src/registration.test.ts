import {
  techInsightsFactRetrieversExtensionPoint,
  type FactRetriever,
} from '@backstage-community/plugin-tech-insights-node';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import techInsightsModuleValueStream from './index';

describe('techInsightsModuleValueStream registration', () => {
  async function start(data: object) {
    const added: Record<string, FactRetriever>[] = [];
    const logger = mockServices.logger.mock();
    await startTestBackend({
      extensionPoints: [
        [
          techInsightsFactRetrieversExtensionPoint,
          {
            addFactRetrievers: (r: Record<string, FactRetriever>) =>
              added.push(r),
          },
        ],
      ],
      features: [
        techInsightsModuleValueStream,
        mockServices.rootConfig.factory({ data }),
        logger.factory,
      ],
    });
    return { added, logger };
  }

  it('adds the retriever under its id', async () => {
    const { added, logger } = await start({
      techInsights: {
        factRetrievers: { valueStreamFactRetriever: { cadence: '17 * * * *' } },
      },
    });
    expect(added).toHaveLength(1);
    expect(Object.keys(added[0])).toEqual(['valueStreamFactRetriever']);
    expect(added[0].valueStreamFactRetriever.id).toBe(
      'valueStreamFactRetriever',
    );
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('warns that Tech Insights will not run it without a cadence', async () => {
    const { logger } = await start({});
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'techInsights.factRetrievers.valueStreamFactRetriever.cadence is not configured',
      ),
    );
  });
});
