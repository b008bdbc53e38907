import {
  STAGES,
  type Stage,
  type StageTransition,
} from '@valuestream/plugin-value-stream-common';

/** Time spent in one stage, summed over every visit. */
export interface StageDuration {
  stage: Stage;
  ms: number;
  days: number;
}

const DAY = 86_400_000;

/**
 * Sums the time spent in each stage from the stage history (oldest first);
 * the last stage counts until `now`. Stages are returned in value stream
 * order, only those the service has been in.
 */
export function timeInStage(
  history: StageTransition[],
  now: number,
): StageDuration[] {
  const sorted = [...history].sort((a, b) => a.at.localeCompare(b.at));
  const totals = new Map<Stage, number>();
  sorted.forEach((transition, index) => {
    const start = Date.parse(transition.at);
    const end =
      index + 1 < sorted.length ? Date.parse(sorted[index + 1].at) : now;
    totals.set(
      transition.to,
      (totals.get(transition.to) ?? 0) + Math.max(0, end - start),
    );
  });
  return STAGES.filter(stage => totals.has(stage)).map(stage => {
    const ms = totals.get(stage)!;
    return { stage, ms, days: Math.round((ms / DAY) * 10) / 10 };
  });
}
