import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { ScheduleSettings } from '../settings';
import type { SlaBreachService } from '../domain/SlaBreachService';
import type { DemoDataSeeder } from '../demo/DemoDataSeeder';
import type { StageService } from '../domain/StageService';
import type { SummaryService } from '../domain/SummaryService';
import type { SloService } from '../domain/slo/SloService';

/** Id of the task that flags SLA breaches of open incidents. */
export const SLA_BREACH_TASK_ID = 'value-stream-sla-breach';
/** Id of the task that recomputes the stage of every service. */
export const STAGE_RECOMPUTE_TASK_ID = 'value-stream-stage-recompute';
/** Id of the task that evaluates every SLO against its source. */
export const SLO_EVALUATION_TASK_ID = 'value-stream-slo-evaluation';

/**
 * Schedules the background work of the plugin. Every task has global scope:
 * the scheduler holds its lock in the database, so each run happens on one
 * replica only. Each is idempotent and works in bounded batches.
 */
export async function scheduleValueStreamTasks(options: {
  scheduler: SchedulerService;
  schedule: ScheduleSettings;
  logger: LoggerService;
  stages: StageService;
  summaries: SummaryService;
  slaBreaches: SlaBreachService;
  slos: SloService;
  /** Present when `valueStream.demoData.enabled`. */
  demoData?: DemoDataSeeder;
}): Promise<void> {
  const {
    scheduler,
    schedule,
    logger,
    stages,
    summaries,
    slaBreaches,
    slos,
    demoData,
  } = options;

  await scheduler.scheduleTask({
    id: SLO_EVALUATION_TASK_ID,
    ...schedule.sloEvaluation,
    scope: 'global',
    fn: async signal => {
      const result = await slos.evaluateAll({ signal });
      logger.info(
        `SLO evaluation: ${result.evaluated} measured, ${result.stale} stale, ${result.noSource} without a source, ${result.removed} no longer declared`,
      );
    },
  });

  await scheduler.scheduleTask({
    id: SLA_BREACH_TASK_ID,
    ...schedule.slaBreach,
    scope: 'global',
    fn: async signal => {
      const result = await slaBreaches.run({ signal });
      if (result.flagged > 0) {
        logger.info(
          `SLA breach check: ${result.flagged} of ${result.checked} due incidents newly breached`,
        );
      } else {
        logger.debug(
          `SLA breach check: ${result.checked} due incidents, none newly breached`,
        );
      }
    },
  });

  await scheduler.scheduleTask({
    id: STAGE_RECOMPUTE_TASK_ID,
    ...schedule.stageRecompute,
    scope: 'global',
    fn: async signal => {
      // Demo records first, so that the first run places the demo services.
      await demoData?.seedOnce();
      const result = await stages.recomputeAll({ signal });
      logger.info(
        `Stage recompute: ${result.entities} entities, ${
          result.changed
        } stage changes, ${
          result.proposedServiceLevels
        } service levels proposed, ${result.removed ?? 0} left the catalog`,
      );
      // Then the summaries that writes or the catalog made stale, so that
      // tabs open on a built one.
      const refreshed = await summaries.refreshStale({ signal });
      logger.info(`Summaries rebuilt: ${refreshed.built}`);
    },
  });
}
