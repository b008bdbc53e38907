import {
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import type { SlaBreachService } from '../services/SlaBreachService';
import type { DemoDataSeeder } from './demoData';
import type { StageService } from '../services/StageService';
import type { SummaryService } from '../services/SummaryService';

/** Id of the task that flags SLA breaches of open incidents. */
export const SLA_BREACH_TASK_ID = 'value-stream-sla-breach';
/** Id of the task that recomputes the stage of every service. */
export const STAGE_RECOMPUTE_TASK_ID = 'value-stream-stage-recompute';

const DEFAULT_SLA_BREACH_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 30 },
};

const DEFAULT_STAGE_RECOMPUTE_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { minutes: 15 },
    timeout: { minutes: 30 },
    initialDelay: { seconds: 15 },
  };

/** The schedule from config; what config leaves out keeps its default. */
function readSchedule(
  config: RootConfigService,
  key: string,
  defaults: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  const scheduleConfig = config.getOptionalConfig(
    `valueStream.schedule.${key}`,
  );
  if (!scheduleConfig) {
    return defaults;
  }
  return readSchedulerServiceTaskScheduleDefinitionFromConfig(
    new ConfigReader({
      ...(defaults as unknown as JsonObject),
      ...scheduleConfig.get<JsonObject>(),
    }),
  );
}

/**
 * Schedules the background work of the plugin. Both tasks have global scope:
 * the scheduler holds their lock in the database, so each run happens on one
 * replica only. Both are idempotent and work in bounded batches.
 */
export async function scheduleValueStreamTasks(options: {
  scheduler: SchedulerService;
  config: RootConfigService;
  logger: LoggerService;
  stages: StageService;
  summaries: SummaryService;
  slaBreaches: SlaBreachService;
  /** Present when `valueStream.demoData.enabled`. */
  demoData?: DemoDataSeeder;
}): Promise<void> {
  const {
    scheduler,
    config,
    logger,
    stages,
    summaries,
    slaBreaches,
    demoData,
  } = options;

  await scheduler.scheduleTask({
    id: SLA_BREACH_TASK_ID,
    ...readSchedule(config, 'slaBreach', DEFAULT_SLA_BREACH_SCHEDULE),
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
    ...readSchedule(config, 'stageRecompute', DEFAULT_STAGE_RECOMPUTE_SCHEDULE),
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
