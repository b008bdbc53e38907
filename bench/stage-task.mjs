// Waits for the value-stream stage task to settle after a bulk load, so that
// a benchmark measures with every stage and summary built and no task run
// beside it. The portal must be started with a stage schedule long enough
// not to run on its own during the measurement (the benchmarks use 24 hours;
// production runs it every 15 minutes).
import { authHeaders, baseUrl, sleep } from './portal.mjs';

const scheduler = `${baseUrl}/api/value-stream/.backstage/scheduler/v1/tasks`;
const taskId = 'value-stream-stage-recompute';

async function taskState() {
  const res = await fetch(scheduler, { headers: authHeaders });
  const { tasks } = await res.json();
  return tasks.find(t => t.taskId === taskId)?.taskState ?? {};
}

/**
 * Triggers the stage task and waits until a run that started after the call
 * has ended with `services` entities placed and every summary built.
 */
export async function settleStageTask(knex, services, timeoutMs = 900_000) {
  const deadline = Date.now() + timeoutMs;
  let triggeredAt;
  for (;;) {
    // A busy backend can drop an idle keep-alive connection: ask again.
    const state = await taskState().catch(() => undefined);
    if (!state) {
      await sleep(1000);
      continue;
    }
    const ranSinceTrigger =
      triggeredAt !== undefined &&
      state.status !== 'running' &&
      Date.parse(state.lastRunEndedAt) >= triggeredAt;
    const [{ n }] = await knex('vs_entity_stage').count({ n: '*' });
    // The same run then builds the summaries (the read model tabs open on).
    const [{ stale }] = await knex('vs_entity_stage as s')
      .leftJoin('vs_entity_summary as m', 'm.entity_ref', 's.entity_ref')
      .where(q =>
        q
          .whereNull('m.doc_generation')
          .orWhereRaw('m.doc_generation <> m.generation'),
      )
      .count({ stale: '*' });
    if (ranSinceTrigger && Number(n) >= services && Number(stale) === 0) return;
    if (Date.now() > deadline)
      throw new Error(
        `only ${n} services have a stage, ${stale} summaries are not built`,
      );
    // Triggered only while idle, and again only after the run it started:
    // a trigger during a run would queue a second one.
    if (state.status !== 'running' && (!triggeredAt || ranSinceTrigger)) {
      triggeredAt = Date.now() - 1000;
      const res = await fetch(`${scheduler}/${taskId}/trigger`, {
        method: 'POST',
        headers: authHeaders,
      }).catch(() => undefined);
      if (!res?.ok) triggeredAt = undefined;
    }
    await sleep(2000);
  }
}
