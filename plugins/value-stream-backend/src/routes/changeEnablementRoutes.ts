import type { AuditorService } from '@backstage/backend-plugin-api';
import type { Request } from 'express';
import Router from 'express-promise-router';
import type { RecordService } from '../domain/RecordService';
import type { RequestContext } from '../domain/RequestContext';
import type { StandardChangeModelService } from '../domain/StandardChangeModelService';
import { audited } from '../lib/audited';

function queryObject(req: Request): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(req.query)) {
    query[key] = Array.isArray(value) ? value.join(',') : value;
  }
  return query;
}

/**
 * The standard-change catalog and a change's approval status. Mounted by
 * the main router after its JSON parser, with its way of turning a request
 * into a {@link RequestContext}; every write is audited.
 */
export function createChangeEnablementRoutes(options: {
  auditor: AuditorService;
  records: RecordService;
  models: StandardChangeModelService;
  context: (req: Request) => Promise<RequestContext>;
}) {
  const { auditor, records, models, context } = options;
  const router = Router();
  const audit = <T extends { id?: string }>(
    req: Request,
    eventId: string,
    severityLevel: 'medium' | 'high',
    run: () => Promise<T>,
  ) =>
    audited(
      auditor,
      {
        eventId,
        severityLevel,
        request: req,
        meta: req.params.id ? { modelId: req.params.id } : {},
      },
      run,
    );

  router.get('/changes/:id/approval-status', async (req, res) => {
    const ctx = await context(req);
    res.json(await records.approvalStatus(req.params.id, ctx));
  });

  router.get('/standard-change-models', async (req, res) => {
    const ctx = await context(req);
    res.json(await models.list(queryObject(req), ctx));
  });

  router.post('/standard-change-models', async (req, res) => {
    const ctx = await context(req);
    const model = await audit(
      req,
      'standard-change-model-propose',
      'medium',
      () => models.propose(req.body, ctx),
    );
    res.status(201).json(model);
  });

  router.get('/standard-change-models/:id', async (req, res) => {
    const ctx = await context(req);
    res.json(await models.get(req.params.id, ctx));
  });

  router.patch('/standard-change-models/:id', async (req, res) => {
    const ctx = await context(req);
    const model = await audit(
      req,
      'standard-change-model-update',
      'medium',
      () => models.update(req.params.id, req.body, ctx),
    );
    res.json(model);
  });

  router.post('/standard-change-models/:id/transitions', async (req, res) => {
    const ctx = await context(req);
    const model = await audit(
      req,
      'standard-change-model-transition',
      'high',
      () => models.transition(req.params.id, req.body, ctx),
    );
    res.json(model);
  });

  return router;
}
