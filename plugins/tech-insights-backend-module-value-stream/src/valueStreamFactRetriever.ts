import type {
  FactRetriever,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  ValueStreamClient,
  type ValueStreamApi,
} from '@valuestream/plugin-value-stream-common';
import {
  entityOfScorecard,
  factsOfScorecard,
  VALUE_STREAM_FACT_RETRIEVER_ID,
  valueStreamFactSchema,
} from './facts';

/** The plugin id of the Value Stream backend. */
const VALUE_STREAM_PLUGIN_ID = 'value-stream';
/**
 * Scorecards per request: the backend reads the DORA records of a page
 * together, up to 10,000 of a type, which 50 busy services stay well below.
 */
const PAGE_SIZE = 50;

/**
 * -common's client of the Value Stream API, each request carrying a
 * plugin-to-plugin token of the tech-insights plugin's own service
 * credentials: the facts are the same for every viewer.
 */
function valueStreamClientFor(deps: {
  auth: AuthService;
  discovery: DiscoveryService;
}): ValueStreamApi {
  const { auth, discovery } = deps;
  return new ValueStreamClient({
    discoveryApi: discovery,
    fetchApi: {
      fetch: async (input, init) => {
        const { token } = await auth.getPluginRequestToken({
          onBehalfOf: await auth.getOwnServiceCredentials(),
          targetPluginId: VALUE_STREAM_PLUGIN_ID,
        });
        const headers = new Headers(init?.headers);
        headers.set('Authorization', `Bearer ${token}`);
        headers.set('Accept', 'application/json');
        return fetch(input, { ...init, headers });
      },
    },
  });
}

/**
 * The fact retriever of the Value Stream: for every service the value
 * stream tracks, its stage and gaps, its agreed service level and how well
 * it is met, its open P1 and P2 incidents and its DORA metrics. It reads
 * the scorecards page by page (`GET /api/value-stream/scorecards`), many
 * services per request.
 * @public
 */
export const valueStreamFactRetriever: FactRetriever = {
  id: VALUE_STREAM_FACT_RETRIEVER_ID,
  version: '0.1.0',
  title: 'Value Stream',
  description:
    'Stage, gaps, agreed service level and attainment, open P1/P2 incidents and DORA metrics of each service, from the Value Stream backend',
  schema: valueStreamFactSchema,
  async handler({ auth, discovery, logger }) {
    const api = valueStreamClientFor({ auth, discovery });
    const facts: TechInsightFact[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.listScorecards({ cursor, limit: PAGE_SIZE });
      for (const scorecard of page.items) {
        facts.push({
          entity: entityOfScorecard(scorecard),
          facts: { ...factsOfScorecard(scorecard) },
        });
      }
      cursor = page.nextCursor;
    } while (cursor);
    logger.info(`Value Stream facts of ${facts.length} services retrieved`);
    return facts;
  },
};
