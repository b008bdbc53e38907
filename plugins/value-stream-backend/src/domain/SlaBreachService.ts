import type { LoggerService } from '@backstage/backend-plugin-api';
import type { IncidentRecord } from '@valuestream/plugin-value-stream-common';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import type { IncidentBreach } from '../database/types';

/** Incidents checked per batch. */
const BATCH_SIZE = 200;
/** Batches per run at most; the next run picks up the rest. */
const MAX_BATCHES = 25;

/** Result of one breach check run. */
export interface SlaBreachRunResult {
  /** Due incidents looked at. */
  checked: number;
  /** Incidents that got a new breach flag. */
  flagged: number;
}

/**
 * The breach flags an open, unpaused incident has earned by `now`. The due
 * times already carry the paused time (the clock moves them on resume).
 */
function breachOf(
  incident: IncidentRecord,
  now: string,
): IncidentBreach | undefined {
  const { sla } = incident;
  const time = Date.parse(now);
  const responseBreached =
    !sla.responseBreached &&
    !sla.respondedAt &&
    !!sla.responseDueAt &&
    Date.parse(sla.responseDueAt) <= time;
  const resolutionBreached =
    !sla.resolutionBreached &&
    !!sla.resolutionDueAt &&
    Date.parse(sla.resolutionDueAt) <= time;
  if (!responseBreached && !resolutionBreached) {
    return undefined;
  }
  return {
    id: incident.id,
    ...(responseBreached ? { responseBreached } : {}),
    ...(resolutionBreached ? { resolutionBreached } : {}),
  };
}

/**
 * Flags the SLA breaches of open incidents. Idempotent: flags are only ever
 * set, and an incident once flagged is no longer due.
 */
export class SlaBreachService {
  readonly #store: ValueStreamStore;
  readonly #logger: LoggerService;

  static create(options: { store: ValueStreamStore; logger: LoggerService }) {
    return new SlaBreachService(options.store, options.logger);
  }

  private constructor(store: ValueStreamStore, logger: LoggerService) {
    this.#store = store;
    this.#logger = logger;
  }

  async run(options?: {
    now?: string;
    signal?: AbortSignal;
  }): Promise<SlaBreachRunResult> {
    const now = options?.now ?? new Date().toISOString();
    let checked = 0;
    let flagged = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      if (options?.signal?.aborted) {
        this.#logger.warn('SLA breach check aborted');
        break;
      }
      const due = await this.#store.sla.listIncidentsDue({
        now,
        limit: BATCH_SIZE,
      });
      checked += due.length;
      const breaches = due
        .map(incident => breachOf(incident, now))
        .filter((b): b is IncidentBreach => !!b);
      const changed = breaches.length
        ? await this.#store.sla.markBreaches(breaches, { at: now })
        : [];
      flagged += changed.length;
      // A short batch is the last one; a batch that flagged nothing would
      // only come back the same.
      if (due.length < BATCH_SIZE || changed.length === 0) {
        break;
      }
    }
    return { checked, flagged };
  }
}
