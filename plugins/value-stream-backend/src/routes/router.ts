import type {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { Entity } from '@backstage/catalog-model';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import type { JsonObject } from '@backstage/types';
import {
  boardQuerySchema,
  listQuerySchema,
  parseOrThrow,
} from '@valuestream/plugin-value-stream-common';
import { valueStreamEntityPermissionResourceRef } from '@valuestream/plugin-value-stream-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import type { BoardService } from '../domain/BoardService';
import type { CatalogGateway } from '../domain/CatalogGateway';
import { normalizeRef } from '../lib/refs';
import type { RecordService } from '../domain/RecordService';
import type { RequestContext } from '../domain/RequestContext';
import type { SummaryService } from '../domain/SummaryService';
import {
  COLLECTION_NAMES,
  COLLECTIONS,
  CollectionName,
} from '../domain/collections';
import type { IngestService } from '../ingest/IngestService';
import { createIngestRoutes } from './ingestRoutes';
import { createInsightsRoutes, InsightsServices } from './insightsRoutes';

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
}

/**
 * Parses JSON bodies up to {@link BODY_LIMIT}. An oversize body is a 413 and
 * malformed JSON a 400, each with a message that says what went wrong.
 */
function jsonBody(): express.RequestHandler {
  const parse = express.json({ limit: BODY_LIMIT });
  return (req, res, next) => {
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

  let conditionAuthorizer:
    | ReturnType<typeof createConditionAuthorizer<Entity>>
    | undefined;
  const authorizeConditions = (
    decision: PolicyDecision,
    entity: Entity,
  ): boolean => {
    conditionAuthorizer ??= createConditionAuthorizer(
      permissionsRegistry.getPermissionRuleset(
        valueStreamEntityPermissionResourceRef,
      ),
    );
    return conditionAuthorizer(decision, entity);
  };

  async function context(req: Request): Promise<RequestContext> {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    let actorRef: string;
    let isUser = false;
    if (credentials.principal.type === 'user') {
      const info = await userInfo.getUserInfo(credentials);
      actorRef = info.userEntityRef;
      isUser = true;
    } else {
      actorRef = credentials.principal.subject;
    }
    return {
      credentials,
      actorRef,
      isUser,
      async authorize(permission) {
        const [decision] = await permissions.authorize([{ permission }], {
          credentials,
        });
        if (decision.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError(`Not allowed: ${permission.name}`);
        }
      },
      async authorizeOn(permission, entityRef) {
        const [decision] = await permissions.authorize(
          [{ permission, resourceRef: entityRef }],
          { credentials },
        );
        if (decision.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError(
            `Not allowed: ${permission.name} on ${entityRef}`,
          );
        }
      },
      async entityAccess(permission: ResourcePermission<string>) {
        const [decision] = await permissions.authorizeConditional(
          [{ permission }],
          { credentials },
        );
        if (decision.result === AuthorizeResult.DENY) {
          return { kind: 'none' };
        }
        if (decision.result === AuthorizeResult.ALLOW) {
          return { kind: 'all' };
        }
        return {
          kind: 'some',
          allows: (entity: Entity) => authorizeConditions(decision, entity),
        };
      },
      async catalogReadAccess() {
        const [decision] = await permissions.authorizeConditional(
          [{ permission: catalogEntityReadPermission }],
          { credentials },
        );
        if (decision.result === AuthorizeResult.ALLOW) {
          return 'all';
        }
        return decision.result === AuthorizeResult.DENY
          ? 'none'
          : 'conditional';
      },
    };
  }

  /**
   * Runs a mutation inside an audit event that succeeds or fails with it.
   * The audit event starts before any check, so refused attempts are
   * audited too.
   */
  async function audited<T extends { id?: string; entityRef?: string | null }>(
    req: Request,
    eventId: string,
    meta: JsonObject,
    severityLevel: AuditorServiceEventSeverityLevel,
    run: () => Promise<T>,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      severityLevel,
      request: req,
      meta,
    });
    try {
      const result = await run();
      await event.success({
        meta: {
          ...(result.id ? { recordId: result.id } : {}),
          ...(result.entityRef ? { entityRef: result.entityRef } : {}),
        },
      });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  const router = Router();
  // Before the JSON parser: the webhooks' signatures are over the raw bytes.
  router.use(
    createIngestRoutes({
      httpAuth,
      auditor,
      ingest: options.ingest,
      context,
      jsonBody: jsonBody(),
    }),
  );
  router.use(jsonBody());
  router.use(createInsightsRoutes(options.insights, context));

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
      const record = await audited(
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
      const record = await audited(
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
      const record = await audited(
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
    const record = await audited(
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
