/*
 * The ingestion routes (`/ingest/alertmanager`, `/ingest/github`,
 * `/ingest/pagerduty`) and the mapping of an unmatched event
 * (`/events/:id/map`). The ingest routes read the raw body, because GitHub
 * and PagerDuty sign the bytes: mount this router before any JSON parser.
 */
import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import { eventIngestPermission } from '@valuestream/plugin-value-stream-common';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import type { IngestService } from '../ingest/IngestService';
import type { IngestResult } from '../ingest/ports';
import type { RequestContext } from '../domain/RequestContext';
import { requireJsonContentType } from './jsonContentType';

/** The largest webhook body accepted (Alertmanager batches can be large). */
const INGEST_BODY_LIMIT = '5mb';

/** @internal */
export interface IngestRoutesOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  ingest: IngestService;
  /** The router's request context (credentials, permissions). */
  context: (req: Request) => Promise<RequestContext>;
  /** The router's JSON body parser, for `/events/:id/map`. */
  jsonBody: express.RequestHandler;
}

/**
 * Sends an ingestion result, uncompressed (`no-transform` keeps the
 * compression middleware off it): the senders look at the status and log
 * the body at most, and gzipping every result took about 3% of the
 * backend's CPU under a stream of Alertmanager batches.
 */
function sendResult(res: Response, result: IngestResult) {
  res.status(202).set('Cache-Control', 'no-transform').json(result);
}

function rawBodyOf(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

/** Counts of the outcomes, for the audit log. */
function outcomes(result: IngestResult): JsonObject {
  const counts: Record<string, number> = {};
  for (const item of result.items) {
    counts[item.outcome] = (counts[item.outcome] ?? 0) + 1;
  }
  return counts;
}

/**
 * The ingestion routes. Alertmanager authenticates with a Backstage
 * external access token (a service principal) that holds
 * `value-stream.event.ingest`, so that the token's `accessRestrictions` can
 * limit it to ingestion; GitHub and PagerDuty are unauthenticated at the
 * HTTP layer (see the auth policies in plugin.ts) and authenticated by their
 * signatures.
 */
export function createIngestRoutes(
  options: IngestRoutesOptions,
): express.Router {
  const { httpAuth, permissions, auditor, ingest, context, jsonBody } = options;
  const raw = express.raw({ type: '*/*', limit: INGEST_BODY_LIMIT });
  // The content type first: a sender set up with another one is told so.
  const alertmanagerJson = requireJsonContentType(
    'Alertmanager sends it so from a webhook_configs receiver',
  );
  const githubJson = requireJsonContentType(
    "set the webhook's Content type to application/json in GitHub",
  );
  const pagerDutyJson = requireJsonContentType(
    'PagerDuty v3 webhook subscriptions send it so',
  );

  async function audited(
    req: Request,
    source: string,
    run: () => Promise<IngestResult>,
  ): Promise<IngestResult> {
    const event = await auditor.createEvent({
      eventId: 'ingest',
      severityLevel: 'medium',
      request: req,
      meta: { source },
    });
    try {
      const result = await run();
      await event.success({
        meta: {
          source,
          items: result.items.length,
          outcomes: outcomes(result),
        },
      });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  const router = Router();

  router.post(
    '/ingest/alertmanager',
    alertmanagerJson,
    raw,
    async (req, res) => {
      const result = await audited(req, 'alertmanager', async () => {
        const credentials = await httpAuth.credentials(req, {
          allow: ['service'],
        });
        const [decision] = await permissions.authorize(
          [{ permission: eventIngestPermission }],
          { credentials },
        );
        if (decision.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError(
            `Not allowed: ${eventIngestPermission.name}`,
          );
        }
        return ingest.alertmanager(rawBodyOf(req));
      });
      sendResult(res, result);
    },
  );

  router.post('/ingest/github', githubJson, raw, async (req, res) => {
    const result = await audited(req, 'github', () =>
      ingest.github({ rawBody: rawBodyOf(req), headers: req.headers }),
    );
    sendResult(res, result);
  });

  router.post('/ingest/pagerduty', pagerDutyJson, raw, async (req, res) => {
    const result = await audited(req, 'pagerduty', () =>
      ingest.pagerduty({ rawBody: rawBodyOf(req), headers: req.headers }),
    );
    sendResult(res, result);
  });

  router.post('/events/:id/map', jsonBody, async (req, res) => {
    const ctx = await context(req);
    const audit = await auditor.createEvent({
      eventId: 'event-map',
      severityLevel: 'medium',
      request: req,
      meta: {
        eventId: req.params.id,
        entityRef:
          typeof req.body?.entityRef === 'string' ? req.body.entityRef : null,
      },
    });
    try {
      const event = await ingest.mapEvent(req.params.id, req.body, ctx);
      await audit.success({
        meta: {
          ...(event.entityRef ? { entityRef: event.entityRef } : {}),
          ...(event.incidentId ? { incidentId: event.incidentId } : {}),
        },
      });
      res.json(event);
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
