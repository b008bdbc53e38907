/*
 * Deterministic demo data: given catalog entities and a `now`, a realistic
 * history of practice records, so that a fresh portal shows services in every
 * stage, changes in every state, releases and deployments across
 * environments, incidents (some breached) and known errors. The same input
 * gives the same output: a seeded PRNG, never Math.random.
 */
import { DEFAULT_AUTHORIZATION_GRACE_MINUTES } from '@valuestream/plugin-value-stream-common';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import { judgeDeployment } from '../domain/deploymentAuthorization';
import { DEFAULT_UNAUTHORIZED_GAP_DAYS } from '../settings';
import type { NewApproval, NewRecords, RecordKind } from '../database/types';
import { generateDemoData } from './demoGenerator';
import type { DemoDataOptions, DemoEntity, DemoRecord } from './demoModel';

/** The authorization settings the demo's hotfixes are judged with: the defaults. */
const DEMO_AUTHORIZATION = {
  graceMinutes: DEFAULT_AUTHORIZATION_GRACE_MINUTES,
  gapDays: DEFAULT_UNAUTHORIZED_GAP_DAYS,
};

/** The `vs_meta` key that records the seed (see the meta migration). */
export const DEMO_SEEDED_KEY = 'demo-data-seeded';

/** What `seedDemoData` did. */
export interface SeedResult {
  seeded: boolean;
  /** Why it skipped, when it did. */
  reason?: string;
  records: number;
}

/**
 * Writes the demo data once. It skips when the store already holds changes
 * or incidents (never mixes demo records into real ones), and claims the seed
 * first by recording `DEMO_SEEDED_KEY` in `vs_meta` (an insert that only one
 * caller can win), so that replicas starting together seed once.
 */
export async function seedDemoData(
  store: ValueStreamStore,
  entities: DemoEntity[],
  now: Date | string,
  options: DemoDataOptions = {},
): Promise<SeedResult> {
  const [changes, incidents] = await Promise.all([
    store.records.list('change', { limit: 1 }),
    store.records.list('incident', { limit: 1 }),
  ]);
  if (changes.items.length || incidents.items.length) {
    return {
      seeded: false,
      reason: 'the store already holds records',
      records: 0,
    };
  }
  if (!(await store.claimMetaKey(DEMO_SEEDED_KEY))) {
    return {
      seeded: false,
      reason: 'demo data was already seeded',
      records: 0,
    };
  }

  const plan = generateDemoData(entities, now, options);
  const ids = new Map<string, string>();
  const id = (key: string | undefined) => (key ? ids.get(key) : undefined);
  let records = 0;

  const approve = (
    change: { id: string; version: number },
    approval: NewApproval,
  ) =>
    store.records.addApproval(change.id, {
      approval,
      expectedVersion: change.version,
    });
  /**
   * Creates one planned record, then walks it through its steps, adding each
   * step's approvals just before the transition. Returns the record as it
   * ends up.
   */
  const replay = async <K extends RecordKind>(
    kind: K,
    item: DemoRecord<unknown>,
    input: NewRecords[K],
  ) => {
    let current: { id: string; version: number } = await store.records.create(
      kind,
      input,
      { actor: item.by, at: item.at },
    );
    ids.set(item.key, current.id);
    for (const step of item.steps) {
      for (const approval of step.approvals ?? []) {
        current = await approve(current, approval);
      }
      current = await store.records.update(kind, {
        id: current.id,
        expectedVersion: current.version,
        patch: {},
        actor: step.by,
        history: { to: step.to, note: step.note },
        at: step.at,
      });
    }
    records++;
    return current;
  };

  for (const item of plan.serviceLevels) {
    await replay('serviceLevel', item, item.input);
  }
  // The standard-change catalog before the changes that follow its models.
  for (const item of plan.standardChangeModels) {
    let model = await store.standardChangeModels.create(item.input, {
      actor: item.by,
      at: item.at,
    });
    ids.set(item.key, model.id);
    for (const step of item.steps) {
      model = await store.standardChangeModels.update(model.id, {
        expectedVersion: model.version,
        patch: {
          state: step.to as 'approved' | 'retired',
          ...(step.to === 'approved'
            ? { approvedBy: step.by, approvedAt: step.at }
            : {}),
        },
        actor: step.by,
        history: { from: model.state, to: step.to, note: step.note },
        at: step.at,
      });
    }
    records++;
  }
  for (const item of plan.changes) {
    let current = await replay('change', item, {
      ...item.input,
      standardChangeModelId: id(item.modelKey),
    });
    for (const approval of item.pendingApprovals ?? []) {
      current = await approve(current, approval);
    }
  }
  for (const item of plan.releases) {
    await replay('release', item, {
      ...item.input,
      changeIds: item.changeKeys.map(k => ids.get(k)!).filter(Boolean),
    });
  }
  for (const item of plan.deployments) {
    const input = {
      ...item.input,
      releaseId: id(item.releaseKey),
      changeId: id(item.changeKey),
    };
    // The hotfixes are judged against the changes seeded before them, by
    // the rule and grace a deployment recorded through the API meets.
    const verdict = item.judge
      ? await judgeDeployment(
          { store, settings: { unauthorizedDeployments: DEMO_AUTHORIZATION } },
          { ...input, createdAt: item.at },
        )
      : {};
    await replay('deployment', item, {
      ...input,
      ...verdict,
    } as NewRecords['deployment']);
  }
  for (const item of plan.incidents) {
    await replay('incident', item, {
      ...item.input,
      causedByChangeId: id(item.causedByChangeKey),
    });
  }
  for (const item of plan.problems) {
    await replay('problem', item, {
      ...item.input,
      incidentIds: item.incidentKeys.map(k => ids.get(k)!).filter(Boolean),
    });
  }
  for (const { incidentKey, ...event } of plan.events) {
    await store.events.upsert({ ...event, incidentId: id(incidentKey) });
    records++;
  }
  for (const entry of plan.stageHistory) {
    await store.stages.record(entry.entityRef, {
      stage: entry.stage,
      at: entry.at,
      gaps: 0,
    });
  }
  return { seeded: true, records };
}
