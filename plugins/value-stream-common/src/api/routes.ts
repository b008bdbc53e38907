import { z } from 'zod';
import {
  approvalSchema,
  boardQuerySchema,
  listQuerySchema,
  mapEventSchema,
  transitionSchema,
} from '../schemas';
import {
  COLLECTION_BODY_SCHEMAS,
  COLLECTIONS,
  type Collection,
} from './collections';
import { assetsOverview, metricsReport, scorecardPage } from './insightSchemas';
import {
  changeCalendarQuerySchema,
  changeCalendarWindows,
} from './changeCalendarSchemas';
import { CHANGE_ENABLEMENT_ROUTES } from './changeEnablementRoutes';
import { sloList, sloQuerySchema } from './sloSchemas';
import {
  assetsQuerySchema,
  impactQuerySchema,
  metricsQuerySchema,
} from './queries';
import {
  board,
  entitySummary,
  impactAnalysis,
  stageTransition,
} from './readModelSchemas';
import {
  changeRecord,
  COLLECTION_PAGE_SCHEMAS,
  COLLECTION_RECORD_SCHEMAS,
  eventPage,
  eventRecord,
} from './responseSchemas';

/**
 * One operation of the REST API: the single description that the client
 * builds its requests from and that the router and the OpenAPI document are
 * checked against.
 * @public
 */
export interface ValueStreamRoute {
  operationId: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** Below `/api/value-stream`, with `{name}` path parameters. */
  path: string;
  /** The status of a successful answer. */
  status: 200 | 201 | 202;
  /** The query the backend parses, when the operation takes one. */
  query?: z.ZodType;
  /**
   * The fields of a shared query schema that this operation accepts (the
   * service refuses the others); all of them when absent.
   */
  queryFields?: readonly string[];
  /** The JSON body the backend parses, when it is one of -common's schemas. */
  body?: z.ZodType;
  /** The body of a successful answer, when -common describes it. */
  response?: z.ZodType;
}

const NOUNS: Record<Collection, string> = {
  changes: 'Change',
  releases: 'Release',
  deployments: 'Deployment',
  incidents: 'Incident',
  problems: 'Problem',
  'service-levels': 'ServiceLevel',
};

/**
 * The five operations of one record collection.
 * @public
 */
export interface CollectionRoutes {
  list: ValueStreamRoute;
  create: ValueStreamRoute;
  get: ValueStreamRoute;
  update: ValueStreamRoute;
  transition: ValueStreamRoute;
}

const RECORD_LIST_FIELDS = [
  'entityRef',
  'state',
  'from',
  'to',
  'cursor',
  'limit',
];

function collectionRoutes(collection: Collection): CollectionRoutes {
  const noun = NOUNS[collection];
  const path = `/${collection}`;
  const record = COLLECTION_RECORD_SCHEMAS[collection];
  return {
    list: {
      operationId: `list${noun}s`,
      method: 'GET',
      path,
      status: 200,
      query: listQuerySchema,
      queryFields: [
        ...RECORD_LIST_FIELDS,
        ...(collection === 'changes' ? ['awaitingApprovalBy'] : []),
      ],
      response: COLLECTION_PAGE_SCHEMAS[collection],
    },
    create: {
      operationId: `create${noun}`,
      method: 'POST',
      path,
      status: 201,
      body: COLLECTION_BODY_SCHEMAS[collection].create,
      response: record,
    },
    get: {
      operationId: `get${noun}`,
      method: 'GET',
      path: `${path}/{id}`,
      status: 200,
      response: record,
    },
    update: {
      operationId: `update${noun}`,
      method: 'PATCH',
      path: `${path}/{id}`,
      status: 200,
      body: COLLECTION_BODY_SCHEMAS[collection].update,
      response: record,
    },
    transition: {
      operationId: `transition${noun}`,
      method: 'POST',
      path: `${path}/{id}/transitions`,
      status: 200,
      body: transitionSchema,
      response: record,
    },
  };
}

/**
 * The operations of each record collection.
 * @public
 */
export const COLLECTION_ROUTES = Object.fromEntries(
  COLLECTIONS.map(c => [c, collectionRoutes(c)]),
) as Record<Collection, CollectionRoutes>;

const ENTITY = '/entities/{kind}/{namespace}/{name}';

/**
 * The operations that are not per collection.
 * @public
 */
export const ROUTES = {
  getBoard: {
    operationId: 'getBoard',
    method: 'GET',
    path: '/board',
    status: 200,
    query: boardQuerySchema,
    response: board,
  },
  getEntitySummary: {
    operationId: 'getEntitySummary',
    method: 'GET',
    path: `${ENTITY}/summary`,
    status: 200,
    response: entitySummary,
  },
  getEntityStageHistory: {
    operationId: 'getEntityStageHistory',
    method: 'GET',
    path: `${ENTITY}/history`,
    status: 200,
    response: z.array(stageTransition),
  },
  getEntityImpact: {
    operationId: 'getEntityImpact',
    method: 'GET',
    path: `${ENTITY}/impact`,
    status: 200,
    query: impactQuerySchema,
    response: impactAnalysis,
  },
  getAssets: {
    operationId: 'getAssets',
    method: 'GET',
    path: '/assets',
    status: 200,
    query: assetsQuerySchema,
    response: assetsOverview,
  },
  getMetrics: {
    operationId: 'getMetrics',
    method: 'GET',
    path: '/metrics',
    status: 200,
    query: metricsQuerySchema,
    response: metricsReport,
  },
  listScorecards: {
    operationId: 'listScorecards',
    method: 'GET',
    path: '/scorecards',
    status: 200,
    query: listQuerySchema,
    queryFields: ['cursor', 'limit'],
    response: scorecardPage,
  },
  listSlos: {
    operationId: 'listSlos',
    method: 'GET',
    path: '/slos',
    status: 200,
    query: sloQuerySchema,
    response: sloList,
  },
  listEvents: {
    operationId: 'listEvents',
    method: 'GET',
    path: '/events',
    status: 200,
    query: listQuerySchema,
    queryFields: ['entityRef', 'unmatched', 'cursor', 'limit'],
    response: eventPage,
  },
  mapEvent: {
    operationId: 'mapEvent',
    method: 'POST',
    path: '/events/{id}/map',
    status: 200,
    body: mapEventSchema,
    response: eventRecord,
  },
  approveChange: {
    operationId: 'approveChange',
    method: 'POST',
    path: '/changes/{id}/approvals',
    status: 200,
    body: approvalSchema,
    response: changeRecord,
  },
  getChangeCalendar: {
    operationId: 'getChangeCalendar',
    method: 'GET',
    path: '/change-calendar',
    status: 200,
    query: changeCalendarQuerySchema,
    response: changeCalendarWindows,
  },
  ingestAlertmanager: {
    operationId: 'ingestAlertmanager',
    method: 'POST',
    path: '/ingest/alertmanager',
    status: 202,
  },
  ingestGithub: {
    operationId: 'ingestGithub',
    method: 'POST',
    path: '/ingest/github',
    status: 202,
  },
  ingestPagerDuty: {
    operationId: 'ingestPagerDuty',
    method: 'POST',
    path: '/ingest/pagerduty',
    status: 202,
  },
} as const satisfies Record<string, ValueStreamRoute>;

/**
 * Every operation of the REST API.
 * @public
 */
export const VALUE_STREAM_ROUTES: readonly ValueStreamRoute[] = [
  ...Object.values(ROUTES),
  ...Object.values(CHANGE_ENABLEMENT_ROUTES),
  ...COLLECTIONS.flatMap(c => Object.values(COLLECTION_ROUTES[c])),
];
