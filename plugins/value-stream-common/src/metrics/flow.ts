import { STAGES, Stage, StageTransition } from '../types';
import { mean, median, millis, percentile } from './stats';
import type { TrendPoint } from './types';

/**
 * Time spent in one stage across entities.
 * @public
 */
export interface StageTime {
  stage: Stage;
  /** Stays in the stage: an entity entering it and leaving it (or still there). */
  stints: number;
  /** Entities in the stage now. */
  current: number;
  totalMs: number;
  meanMs?: number;
  medianMs?: number;
  p90Ms?: number;
  /** One point per finished stint, at its end, for {@link trend}. */
  samples: Array<TrendPoint & { entityRef: string; value: number }>;
}

/**
 * Time in stage: for every entity, its transitions in time order cut its
 * history into stints; a stint lasts until the next transition, or until
 * `now` for the stage it is in. Consecutive transitions to the same stage
 * extend one stint. Returns every stage in value stream order; ongoing
 * stints count in the totals and statistics but not in the samples.
 * @public
 */
export function timeInStage(
  stageTransitions: readonly StageTransition[],
  now: string | Date,
): StageTime[] {
  const nowMs = millis(now);
  const byEntity = new Map<string, StageTransition[]>();
  for (const t of stageTransitions) {
    const key = t.entityRef.toLocaleLowerCase('en-US');
    const list = byEntity.get(key) ?? [];
    list.push(t);
    byEntity.set(key, list);
  }

  const durations = new Map<Stage, number[]>(STAGES.map(s => [s, []]));
  const current = new Map<Stage, number>(STAGES.map(s => [s, 0]));
  const samples = new Map<Stage, StageTime['samples']>(
    STAGES.map(s => [s, []]),
  );

  for (const list of byEntity.values()) {
    list.sort((a, b) => millis(a.at) - millis(b.at));
    let i = 0;
    while (i < list.length) {
      const stage = list[i].to;
      const start = millis(list[i].at);
      let j = i + 1;
      while (j < list.length && list[j].to === stage) {
        j += 1;
      }
      const next = list[j];
      const end = next ? millis(next.at) : nowMs;
      const duration = Math.max(0, end - start);
      durations.get(stage)?.push(duration);
      if (next) {
        samples.get(stage)?.push({
          at: next.at,
          value: duration,
          entityRef: list[i].entityRef,
        });
      } else {
        current.set(stage, (current.get(stage) ?? 0) + 1);
      }
      i = j;
    }
  }

  return STAGES.map(stage => {
    const values = durations.get(stage) ?? [];
    const result: StageTime = {
      stage,
      stints: values.length,
      current: current.get(stage) ?? 0,
      totalMs: values.reduce((sum, v) => sum + v, 0),
      samples: (samples.get(stage) ?? []).sort(
        (a, b) => millis(a.at) - millis(b.at),
      ),
    };
    if (values.length) {
      result.meanMs = mean(values);
      result.medianMs = median(values);
      result.p90Ms = percentile(values, 90);
    }
    return result;
  });
}

/**
 * Work in progress: how many entities stand in each stage, every stage
 * present (0 when empty).
 * @public
 */
export function workInProgress(
  entityStages: ReadonlyArray<{ stage: Stage }>,
): Record<Stage, number> {
  const counts = Object.fromEntries(STAGES.map(s => [s, 0])) as Record<
    Stage,
    number
  >;
  for (const { stage } of entityStages) {
    if (stage in counts) {
      counts[stage] += 1;
    }
  }
  return counts;
}
