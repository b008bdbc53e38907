/*
 * The demo data generator: which stage each entity shows, and the history
 * that puts it there (a new service's path to operate, a live service's
 * changes, releases, deployments and incidents).
 */
import type {
  ChangeState,
  Stage,
} from '@valuestream/plugin-value-stream-common';
import {
  DemoEntity,
  DemoDataOptions,
  DemoData,
  DEFAULT_MEMBERS,
  DEFAULT_APPROVERS,
} from './demoModel';
import {
  MINUTE,
  HOUR,
  DAY,
  PRE_OPERATE,
  CHANGE_TITLES,
  EntityContext,
  Planner,
  entityContext,
} from './demoPlanner';

/** How many operating services deploy a hotfix without a change. */
const HOTFIXES = 2;

/** Which stage each entity should end up in, covering every stage when possible. */
function assignStages(entities: DemoEntity[]): Map<string, Stage> {
  const result = new Map<string, Stage>();
  const early: DemoEntity[] = [];
  const live: DemoEntity[] = [];
  for (const entity of entities) {
    if (entity.lifecycle === 'deprecated') {
      result.set(entity.entityRef, 'retired');
    } else if (entity.lifecycle === 'production') {
      live.push(entity);
    } else {
      early.push(entity);
    }
  }
  early.forEach((entity, i) =>
    result.set(entity.entityRef, PRE_OPERATE[i % PRE_OPERATE.length]),
  );
  // Stages no early entity covers are filled by live services whose
  // delivery has not been tracked yet (their first tracked release is in
  // flight); most live services operate. Keep at least half operating.
  const missing = PRE_OPERATE.slice(early.length);
  const borrow = Math.min(missing.length, Math.floor(live.length / 2));
  live.forEach((entity, i) => {
    const fromEnd = live.length - 1 - i;
    result.set(
      entity.entityRef,
      fromEnd < borrow ? missing[fromEnd] : 'operate',
    );
  });
  return result;
}

/**
 * Plans a realistic history of practice records for the entities. Pure and
 * deterministic: the same entities, `now` and options give the same plan.
 */
export function generateDemoData(
  entities: DemoEntity[],
  now: Date | string,
  options: DemoDataOptions = {},
): DemoData {
  const nowMs = new Date(now).getTime();
  const seed = options.seed ?? 20261124;
  const members = Object.fromEntries(
    Object.entries(options.members ?? DEFAULT_MEMBERS).map(([k, v]) => [
      k.toLowerCase(),
      v,
    ]),
  );
  const planner = new Planner(nowMs, options.approvers ?? DEFAULT_APPROVERS);
  const selected = [...entities]
    .sort((a, b) => a.entityRef.localeCompare(b.entityRef))
    .slice(0, options.maxEntities ?? 100);
  const stages = assignStages(selected);

  // The first operating services deploy a hotfix without a change: the
  // portal's unauthorized deployments (a gap, an event, a metric).
  let hotfixes = HOTFIXES;
  for (const entity of selected) {
    const stage = stages.get(entity.entityRef)!;
    const ctx = entityContext(entity, seed, members);
    planner.data.stages[entity.entityRef] = stage;
    if (stage === 'operate' || stage === 'retired') {
      const hotfix = stage === 'operate' && hotfixes > 0;
      if (hotfix) {
        hotfixes--;
      }
      planLiveService(planner, ctx, nowMs, stage === 'retired', hotfix);
    } else {
      planNewService(planner, ctx, nowMs, stage);
    }
  }

  // A couple of alerts that match no entity, for the triage view.
  planner.data.events.push(
    {
      entityRef: null,
      source: 'alertmanager',
      fingerprint: 'demo-unmatched-1',
      severity: 'warning',
      status: 'firing',
      summary: 'Disk usage above 85 % on batch-runner-3',
      labels: { alertname: 'DiskFilling', service: 'batch-runner' },
      startsAt: planner.iso(nowMs - 3 * HOUR),
      receivedAt: planner.iso(nowMs - 3 * HOUR + MINUTE),
    },
    {
      entityRef: null,
      source: 'alertmanager',
      fingerprint: 'demo-unmatched-2',
      severity: 'informational',
      status: 'resolved',
      summary: 'Nightly backup finished late',
      labels: { alertname: 'BackupLate', job: 'nightly-backup' },
      startsAt: planner.iso(nowMs - 30 * HOUR),
      endsAt: planner.iso(nowMs - 28 * HOUR),
      receivedAt: planner.iso(nowMs - 28 * HOUR),
    },
  );
  planner.data.stageHistory.sort((a, b) => a.at.localeCompare(b.at));
  return planner.data;
}

function planNewService(
  planner: Planner,
  ctx: EntityContext,
  now: number,
  stage: Stage,
) {
  const level = PRE_OPERATE.indexOf(stage);
  const start = now - (15 + level * 8 + ctx.int(0, 6)) * DAY;
  PRE_OPERATE.slice(0, level + 1).forEach((s, i) =>
    planner.stage(ctx.ref, s, start + i * 7 * DAY + HOUR),
  );
  // At demand the proposal is filed but not yet taken into assessment.
  const proposalState: ChangeState = (
    ['new', 'authorize', 'implement', 'closed', 'closed'] as const
  )[level];
  const proposal = planner.change(ctx, {
    at: start,
    target: proposalState,
    title: `Introduce ${ctx.name}`,
    proposesService: true,
    pace: 30,
    pendingApprovals: proposalState === 'authorize' ? 1 : 0,
  });
  if (level >= 1) {
    planner.serviceLevel(
      ctx,
      start + 7 * DAY,
      level >= 2 ? 'agreed' : 'proposed',
    );
  }
  if (level >= 3) {
    const version = '1.0.0';
    const release = planner.release(ctx, {
      at: start + 21 * DAY,
      version,
      target: level === 3 ? 'building' : 'ready',
      changeKeys: [proposal],
    });
    planner.deployment(ctx, {
      at: start + 24 * DAY,
      environment: 'development',
      version,
      outcome: 'success',
      releaseKey: release,
    });
    if (level === 4) {
      planner.deployment(ctx, {
        at: start + 26 * DAY,
        environment: 'staging',
        version,
        outcome: 'success',
        releaseKey: release,
      });
      planner.change(ctx, {
        at: now - 2 * DAY,
        target: 'scheduled',
        title: `Go live with ${ctx.name}`,
        pace: 8,
      });
    }
  }
}

function planLiveService(
  planner: Planner,
  ctx: EntityContext,
  now: number,
  retired: boolean,
  hotfix = false,
) {
  const start = now - ctx.int(160, 300) * DAY;
  const liveAt = start + 50 * DAY;
  const end = retired ? now - 25 * DAY : now - 3 * DAY;
  (['demand', 'design', 'build', 'test', 'deploy'] as const).forEach((s, i) =>
    planner.stage(ctx.ref, s, start + [0, 5, 15, 35, 45][i] * DAY + HOUR),
  );
  planner.stage(ctx.ref, 'operate', liveAt + HOUR);

  const proposal = planner.change(ctx, {
    at: start + DAY,
    target: 'closed',
    title: `Introduce ${ctx.name}`,
    proposesService: true,
    pace: 40,
  });
  planner.serviceLevel(
    ctx,
    start + 6 * DAY,
    retired ? 'retired' : 'agreed',
    end,
  );

  // Releases from go-live until the end, each through every environment.
  const count = ctx.int(3, 5);
  const span = (end - liveAt) / count;
  for (let i = 0; i < count; i++) {
    const version = `1.${i}.0`;
    const at = liveAt - 12 * DAY + i * span;
    const last = i === count - 1;
    const pendingPromotion = last && !retired && ctx.random() < 0.35;
    const changes =
      i === 0
        ? [proposal]
        : Array.from({ length: ctx.int(1, 2) }, () =>
            planner.change(ctx, {
              at: at - 6 * DAY,
              target: 'closed',
              type: ctx.random() < 0.4 ? 'standard' : 'normal',
              title: ctx.pick(CHANGE_TITLES),
            }),
          );
    const release = planner.release(ctx, {
      at,
      version,
      target: pendingPromotion ? 'ready' : 'deployed',
      changeKeys: changes,
    });
    planner.deployment(ctx, {
      at: at + 4 * DAY,
      environment: 'development',
      version,
      outcome: 'success',
      releaseKey: release,
    });
    planner.deployment(ctx, {
      at: at + 6 * DAY,
      environment: 'staging',
      version,
      outcome: 'success',
      releaseKey: release,
    });
    if (pendingPromotion) {
      continue;
    }
    if (i > 0 && ctx.random() < 0.25) {
      planner.deployment(ctx, {
        at: at + 9 * DAY,
        environment: 'production',
        version,
        outcome: 'failure',
        releaseKey: release,
        changeKey: changes[0],
      });
    }
    planner.deployment(ctx, {
      at: at + 10 * DAY + 2 * HOUR,
      environment: 'production',
      version,
      outcome: 'success',
      releaseKey: release,
      changeKey: changes[0],
    });
  }

  if (hotfix) {
    // Three days ago, late, with no change raised: judged unauthorized
    // when seeded, unless a change of the service happened to cover it.
    planner.deployment(ctx, {
      at: end - 11 * HOUR,
      environment: 'production',
      version: `1.${count - 1}.1`,
      outcome: 'success',
      judge: true,
    });
  }

  if (retired) {
    planner.change(ctx, {
      at: end - 10 * DAY,
      target: 'closed',
      title: `Decommission ${ctx.name}`,
      pace: 30,
    });
    planner.stage(ctx.ref, 'retired', end);
    return;
  }

  // Work in flight: changes in every state across the live services.
  let failedChange: string | undefined;
  for (let i = 0; i < 2; i++) {
    const target = planner.nextChangeState();
    const key = planner.change(ctx, {
      at: now - ctx.int(2, 25) * DAY,
      target,
      type:
        target === 'scheduled' && ctx.random() < 0.3 ? 'emergency' : 'normal',
      title: ctx.pick(CHANGE_TITLES),
      pace: 10,
      pendingApprovals: target === 'authorize' ? 1 : 0,
    });
    if (target === 'failed') failedChange = key;
  }

  // Incidents over the last three months; a few still open.
  const incidents: string[] = [];
  const total = ctx.int(1, 4);
  for (let i = 0; i < total; i++) {
    incidents.push(
      planner.incident(ctx, {
        at: now - ctx.int(5, 90) * DAY - ctx.int(0, 23) * HOUR,
        target: 'closed',
        breached: ctx.random() < 0.3,
        causedByChangeKey: i === 0 ? failedChange : undefined,
      }),
    );
  }
  if (ctx.random() < 0.45) {
    const target = ctx.pick(['new', 'acknowledged', 'in_progress'] as const);
    incidents.push(
      planner.incident(ctx, {
        at: now - ctx.int(1, 30) * HOUR,
        target,
        breached: ctx.random() < 0.5,
      }),
    );
  }
  if (incidents.length >= 2 && ctx.random() < 0.6) {
    planner.problem(ctx, now - 20 * DAY, incidents.slice(0, 2));
  }
}
