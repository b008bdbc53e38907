import {
  assetsQuerySchema,
  changeCalendarQuerySchema,
  impactQuerySchema,
  listQuerySchema,
  metricsQuerySchema,
  parseOrThrow,
  sloQuerySchema,
} from '@valuestream/plugin-value-stream-common';
import type { Request } from 'express';
import Router from 'express-promise-router';
import type { AssetsService } from '../domain/AssetsService';
import type { ChangeCalendarService } from '../domain/ChangeCalendarService';
import type { ImpactService } from '../domain/ImpactService';
import type { MetricsService } from '../domain/MetricsService';
import type { RequestContext } from '../domain/RequestContext';
import type { ScorecardService } from '../domain/ScorecardService';
import type { SloService } from '../domain/slo/SloService';

/** The services behind the impact, assets and metrics routes. */
export interface InsightsServices {
  impact: ImpactService;
  assets: AssetsService;
  metrics: MetricsService;
  scorecards: ScorecardService;
  calendar: ChangeCalendarService;
  slos: SloService;
}

function queryObject(req: Request): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(req.query)) {
    query[key] = Array.isArray(value) ? value.join(',') : value;
  }
  return query;
}

/**
 * The read-only insight routes: impact analysis over catalog relations, the
 * asset register, DORA/flow metrics, the scorecards of many services and the
 * change calendar's windows. Mounted by the main router, which
 * hands in how it turns a request into a {@link RequestContext} (user or
 * service credentials).
 */
export function createInsightsRoutes(
  services: InsightsServices,
  context: (req: Request) => Promise<RequestContext>,
) {
  const router = Router();

  router.get('/entities/:kind/:namespace/:name/impact', async (req, res) => {
    const ctx = await context(req);
    const { depth } = parseOrThrow(
      impactQuerySchema,
      queryObject(req),
      'query',
    );
    const { kind, namespace, name } = req.params;
    res.json(
      await services.impact.analyse(`${kind}:${namespace}/${name}`, depth, ctx),
    );
  });

  router.get('/assets', async (req, res) => {
    const ctx = await context(req);
    const { expiringWithinDays } = parseOrThrow(
      assetsQuerySchema,
      queryObject(req),
      'query',
    );
    res.json(await services.assets.getOverview(expiringWithinDays, ctx));
  });

  router.get('/metrics', async (req, res) => {
    const ctx = await context(req);
    const query = parseOrThrow(metricsQuerySchema, queryObject(req), 'query');
    res.json(await services.metrics.getReport(query, ctx));
  });

  router.get('/scorecards', async (req, res) => {
    const ctx = await context(req);
    const query = parseOrThrow(listQuerySchema, queryObject(req), 'query');
    res.json(await services.scorecards.list(query, ctx));
  });

  router.get('/slos', async (req, res) => {
    const ctx = await context(req);
    const query = parseOrThrow(sloQuerySchema, queryObject(req), 'query');
    res.json(await services.slos.list(query, ctx));
  });

  router.get('/change-calendar', async (req, res) => {
    const ctx = await context(req);
    const query = parseOrThrow(
      changeCalendarQuerySchema,
      queryObject(req),
      'query',
    );
    res.json(await services.calendar.getWindows(query, ctx));
  });

  return router;
}
