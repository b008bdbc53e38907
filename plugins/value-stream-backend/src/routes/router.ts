import type {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import {
  boardQuerySchema,
  listQuerySchema,
  parseOrThrow,
} from '@valuestream/plugin-value-stream-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import type { BoardService } from '../domain/BoardService';
import type { CatalogGateway } from '../domain/CatalogGateway';
import { audited } from '../lib/audited';
import { normalizeRef } from '../lib/refs';
import { createRequestContextFactory } from '../domain/requestContextFactory';
import type { RecordService } from '../domain/RecordService';
import type { RequestContext } from '../domain/RequestContext';
import type { SummaryService } from '../domain/SummaryService';
import type { StandardChangeModelService } from '../domain/StandardChangeModelService';
import {
  COLLECTION_NAMES,
  COLLECTIONS,
  CollectionName,
} from '../domain/collections';
import type { IngestService } from '../ingest/IngestService';
import { createChangeEnablementRoutes } from './changeEnablementRoutes';
import { createIngestRoutes } from './ingestRoutes';
import { createInsightsRoutes, InsightsServices } from './insightsRoutes';
import { requireJsonContentType } from './jsonContentType';

/** The largest JSON body the API accepts. */
const BODY_LIMIT = '100kb';

/** @internal */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  auditor: AuditorService;
  catalog: CatalogGateway;
  records: RecordService;
  summaries: SummaryService;
  ingest: IngestService;
  board: BoardService;
  insights: InsightsServices;
  /** The standard-change catalog. */
  standardChangeModels: StandardChangeModelService;
  /** `valueStream.recordWriters`: the services that may write records. */
  recordWriters?: readonly string[];
}

/**
 * Parses JSON bodies up to {@link BODY_LIMIT}. A body that is not sent as
 * JSON is a 415 (checked first), an oversize body a 413 and malformed JSON
 * a 400, each with a message that says what went wrong.
 */
function jsonBody(): express.RequestHandler {
  const contentType = requireJsonContentType();
  // Every type the content-type check lets through is parsed.
  const parse = express.json({
    limit: BODY_LIMIT,
    type: ['application/json', 'application/*+json'],
  });
  return (req, res, next) => {
    contentType(req, res, (refused?: unknown) => {
      if (refused) {
        next(refused);
        return;
      }
      parse(req, res, (error?: unknown) => {
        if (!error) {
          next();
          return;
        }
        const type = (error as { type?: string }).type;
        if (type === 'entity.too.large') {
          const tooLarge = new Error(
            `Request body is larger than the ${BODY_LIMIT} limit`,
          );
          tooLarge.name = 'PayloadTooLargeError';
          (tooLarge as Error & { statusCode: number }).statusCode = 413;
          next(tooLarge);
        } else if (type === 'entity.parse.failed') {
          next(new InputError('Request body is not valid JSON'));
        } else {
          next(error);
        }
      });
    });
  };
}

/** The `kind:namespace/name` ref of the entity routes, lower-case. */
function entityRefFromParams(params: Record<string, string>): string {
  const { kind, namespace, name } = params;
  return normalizeRef(`${kind}:${namespace}/${name}`);
}

function queryObject(req: Request): Record<string, unknown> {
  // Repeated keys arrive as arrays; the schemas expect one value each.
  const query: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(req.query)) {
    query[key] = Array.isArray(value) ? value.join(',') : value;
  }
  return query;
}

/**
 * The REST API of the Value Stream backend, mounted at `/api/value-stream`.
 * Every route needs user or service credentials.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    userInfo,
    permissions,
    permissionsRegistry,
    auditor,
    records,
    summaries,
    board,
  } = options;

  const contextFor = createRequestContextFactory({
    userInfo,
    permissions,
    permissionsRegistry,
    recordWriters: options.recordWriters ?? [],
  });
  const context = async (req: Request): Promise<RequestContext> =>
    contextFor(await httpAuth.credentials(req, { allow: ['user', 'service'] }));

  const audit = <T extends { id?: string; entityRef?: string | null }>(
    req: Request,
    eventId: string,
    meta: JsonObject,
    severityLevel: AuditorServiceEventSeverityLevel,
    run: () => Promise<T>,
  ): Promise<T> =>
    audited(auditor, { eventId, severityLevel, request: req, meta }, run);

  const router = Router();
  // Before the JSON parser: the webhooks' signatures are over the raw bytes.
  router.use(
    createIngestRoutes({
      httpAuth,
      permissions,
      auditor,
      ingest: options.ingest,
      context,
      jsonBody: jsonBody(),
    }),
  );
  router.use(jsonBody());
  router.use(createInsightsRoutes(options.insights, context));
  router.use(
    createChangeEnablementRoutes({
      auditor,
      records,
      models: options.standardChangeModels,
      context,
    }),
  );

  router.get('/board', async (req, res) => {
    const ctx = await context(req);
    const query = parseOrThrow(boardQuerySchema, queryObject(req), 'query');
    res.type('application/json').send(await board.getBoardJson(query, ctx));
  });

  router.get('/entities/:kind/:namespace/:name/summary', async (req, res) => {
    const ctx = await context(req);
    const entityRef = entityRefFromParams(req.params);
    res
      .type('application/json')
      .send(await summaries.getSummaryJson(entityRef, ctx));
  });

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    const ctx = await context(req);
    const entityRef = entityRefFromParams(req.params);
    res.json(await summaries.getStageHistory(entityRef, ctx));
  });

  router.get('/events', async (req, res) => {
    const ctx = await context(req);
    const query = parseOrThrow(listQuerySchema, queryObject(req), 'query');
    res.json(await records.listEvents(query, ctx));
  });

  for (const name of COLLECTION_NAMES) {
    const collection = COLLECTIONS[name as CollectionName];

    router.get(`/${name}`, async (req, res) => {
      const ctx = await context(req);
      const query = parseOrThrow(listQuerySchema, queryObject(req), 'query');
      res.json(await records.list(collection, query, ctx));
    });

    router.post(`/${name}`, async (req, res) => {
      const ctx = await context(req);
      const record = await audit(
        req,
        'record-create',
        { collection: name },
        'medium',
        () => records.create(collection, req.body, ctx),
      );
      res.status(201).json(record);
    });

    router.get(`/${name}/:id`, async (req, res) => {
      const ctx = await context(req);
      res.json(await records.get(collection, req.params.id, ctx));
    });

    router.patch(`/${name}/:id`, async (req, res) => {
      const ctx = await context(req);
      const record = await audit(
        req,
        'record-update',
        { collection: name, recordId: req.params.id },
        'medium',
        () => records.update(collection, req.params.id, req.body, ctx),
      );
      res.json(record);
    });

    router.post(`/${name}/:id/transitions`, async (req, res) => {
      const ctx = await context(req);
      const to = typeof req.body?.to === 'string' ? req.body.to : null;
      const record = await audit(
        req,
        'record-transition',
        { collection: name, recordId: req.params.id, to },
        name === 'changes' || name === 'service-levels' ? 'high' : 'medium',
        () => records.transition(collection, req.params.id, req.body, ctx),
      );
      res.json(record);
    });
  }

  router.post('/changes/:id/approvals', async (req, res) => {
    const ctx = await context(req);
    const decision =
      typeof req.body?.decision === 'string' ? req.body.decision : null;
    const record = await audit(
      req,
      'change-approval',
      { recordId: req.params.id, decision },
      'high',
      () => records.approve(req.params.id, req.body, ctx),
    );
    res.json(record);
  });

  return router;
}
