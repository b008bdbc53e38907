/*
 * The demo data planner: per entity, a seeded context (team, tier, SLA
 * targets) and the records of its history, as steps the seed replays.
 */
import type {
  ChangeState,
  ChangeType,
  Priority,
  PriorityTarget,
  Stage,
} from '@valuestream/plugin-value-stream-common';
import {
  CHANGE_STATES,
  priorityFor,
} from '@valuestream/plugin-value-stream-common';
import type { NewApproval } from '../database/types';
import { changeInput, changePath } from './demoChanges';
import {
  ECAB_APPROVERS,
  modelsCovering,
  planDemoModels,
  withGroups,
} from './demoModels';
import { DAY, HOUR, MINUTE } from './demoModel';
import type { DemoEntity, DemoStep, DemoData } from './demoModel';

const FALLBACK_USER = 'user:default/guest';

export { DAY, HOUR, MINUTE } from './demoModel';

export const PRE_OPERATE: Stage[] = [
  'demand',
  'design',
  'build',
  'test',
  'deploy',
];

const TIERS: Record<
  string,
  { availability: number; factor: number; name: string }
> = {
  gold: { availability: 99.95, factor: 1, name: 'Gold' },
  silver: { availability: 99.9, factor: 2, name: 'Silver' },
  bronze: { availability: 99.5, factor: 4, name: 'Bronze' },
};

const BASE_TARGETS: Record<Priority, PriorityTarget> = {
  P1: { responseMinutes: 15, resolutionMinutes: 240 },
  P2: { responseMinutes: 30, resolutionMinutes: 480 },
  P3: { responseMinutes: 240, resolutionMinutes: 1440 },
  P4: { responseMinutes: 480, resolutionMinutes: 4320 },
};

export const CHANGE_TITLES = [
  'Upgrade the runtime to the current LTS',
  'Rotate database credentials',
  'Raise the connection pool size',
  'Enable request tracing',
  'Move to the shared ingress',
  'Add a read replica',
  'Tune the autoscaling thresholds',
  'Switch the cache to the managed service',
  'Patch the TLS library',
  'Introduce rate limiting on the public API',
];

const INCIDENT_TITLES = [
  'Elevated 5xx error rate',
  'Latency above the SLO',
  'Requests time out under load',
  'Pods restarting in a crash loop',
  'Stale data served from the cache',
  'Login fails for some users',
  'Queue backlog growing',
  'Certificate about to expire',
];

const PROBLEMS = [
  {
    title: 'Connection pool exhaustion under peak load',
    rootCause:
      'The pool is sized for average traffic; bursts starve it and requests queue until they time out.',
    workaround: 'Scale out two extra replicas before known peaks.',
  },
  {
    title: 'Memory leak in the HTTP client',
    rootCause: 'Responses that are not consumed keep their sockets open.',
    workaround: 'Rolling restart every 24 hours.',
  },
  {
    title: 'Cache invalidation misses on bulk updates',
    rootCause: 'Bulk updates bypass the event that invalidates the cache.',
    workaround: 'Flush the cache key space after a bulk import.',
  },
];

/** A small, fast, seeded PRNG (mulberry32). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, to seed each entity's PRNG from its ref. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface EntityContext {
  ref: string;
  name: string;
  /** Lower-case kind and owner ref, for the scope of standard-change models. */
  kind: string;
  owner?: string;
  team: string[];
  random: () => number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  tier: string;
  targets: Record<Priority, PriorityTarget>;
}

export class Planner {
  readonly data: DemoData = {
    stages: {},
    stageHistory: [],
    serviceLevels: [],
    standardChangeModels: [],
    changes: [],
    releases: [],
    deployments: [],
    incidents: [],
    problems: [],
    events: [],
  };
  readonly #now: number;
  readonly #approvers: string[];
  #nextKey = 0;
  /** Rotates extra changes through every state across services. */
  #changeStateTurn = 0;

  constructor(now: number, approvers: string[]) {
    this.#now = now;
    this.#approvers = approvers.length ? approvers : [FALLBACK_USER];
    this.data.standardChangeModels = planDemoModels(now, t => this.iso(t));
  }

  iso(time: number): string {
    return new Date(Math.min(time, this.#now)).toISOString();
  }

  key(kind: string): string {
    this.#nextKey += 1;
    return `${kind}-${this.#nextKey}`;
  }

  approver(
    ctx: EntityContext,
    not: string,
    offset = 0,
    approvers = this.#approvers,
  ): string {
    const eligible = approvers.filter(a => a !== not);
    const list = eligible.length ? eligible : approvers;
    return list[(ctx.int(0, list.length - 1) + offset) % list.length];
  }

  nextChangeState(): ChangeState {
    const state = CHANGE_STATES[this.#changeStateTurn % CHANGE_STATES.length];
    this.#changeStateTurn += 1;
    return state;
  }

  stage(ref: string, stage: Stage, at: number) {
    this.data.stageHistory.push({ entityRef: ref, stage, at: this.iso(at) });
  }

  /** A change, moved along its lifecycle to `target`. Returns its key. */
  change(
    ctx: EntityContext,
    options: {
      at: number;
      target: ChangeState;
      type?: ChangeType;
      title: string;
      proposesService?: boolean;
      /** Hours between steps. */
      pace?: number;
      /** Approvals while in authorize, when the target is authorize. */
      pendingApprovals?: number;
    },
  ): string {
    // A standard change follows an approved model that covers the service;
    // without one it is a normal change.
    const [model] =
      options.type === 'standard'
        ? modelsCovering(
            this.data.standardChangeModels,
            ctx,
            this.iso(options.at),
          )
        : [];
    const type =
      options.type === 'standard' && !model
        ? 'normal'
        : options.type ?? 'normal';
    const title = model ? ctx.pick(model.titles) : options.title;
    // ECAB decides emergency changes, the board the others.
    const ecab = ECAB_APPROVERS.filter(a => this.#approvers.includes(a));
    const board = type === 'emergency' && ecab.length ? ecab : this.#approvers;
    const by = ctx.pick(ctx.team);
    const draw = ctx.int(5, 85);
    const key = this.key('change');
    const pace = (options.pace ?? 20) * HOUR;
    const path = changePath(options.target, type);
    const steps: DemoStep[] = [];
    let time = options.at;
    let from = 'new';
    for (const to of path.slice(1)) {
      time += pace * (0.5 + ctx.random());
      const step: DemoStep = { to, at: this.iso(time), by };
      if (from === 'authorize' && to === 'rejected') {
        const approver = this.approver(ctx, by, 0, board);
        step.by = approver;
        step.note = 'Rejected by the change advisory board';
        step.approvals = [
          withGroups({
            approver,
            decision: 'rejected' as const,
            comment: 'The rollback plan is missing; resubmit with one.',
            at: this.iso(time - HOUR),
          }),
        ];
      } else if (from === 'authorize') {
        // Two different approvers where the board has them.
        const first = this.approver(ctx, by, 0, board);
        const others = board.filter(a => a !== first && a !== by);
        const second = others.length
          ? this.approver(ctx, by, 0, others)
          : first;
        step.by = second;
        const decidedAt = time;
        step.approvals = [...new Set([first, second])].map((approver, i) =>
          withGroups({
            approver,
            decision: 'approved' as const,
            comment: i === 0 ? 'Risk understood, window agreed.' : undefined,
            at: this.iso(decidedAt - (2 - i) * HOUR),
          }),
        );
      } else if (to === 'failed') {
        step.note = 'Rolled back: error rate rose after the change';
      } else if (to === 'cancelled') {
        step.note = 'Superseded by a later change';
      }
      steps.push(step);
      from = to;
    }
    const pendingApprovals: NewApproval[] = [];
    if (options.target === 'authorize' && options.pendingApprovals) {
      // One board member already approved; the change waits for another.
      pendingApprovals.push(
        withGroups({
          approver: this.approver(ctx, by, 0, board),
          decision: 'approved',
          comment: 'Fine by me once the runbook is linked.',
          at: this.iso(time + HOUR),
        }),
      );
    }
    this.data.changes.push({
      key,
      at: this.iso(options.at),
      by,
      input: changeInput(ctx, { ...options, title }, type, by, draw),
      steps,
      pendingApprovals,
      ...(model ? { modelKey: model.key } : {}),
    });
    return key;
  }

  serviceLevel(
    ctx: EntityContext,
    at: number,
    target: 'proposed' | 'agreed' | 'retired',
    retiredAt?: number,
  ) {
    const by = ctx.pick(ctx.team);
    const steps: DemoStep[] = [{ to: 'proposed', at: this.iso(at + DAY), by }];
    if (target !== 'proposed') {
      steps.push({
        to: 'agreed',
        at: this.iso(at + 4 * DAY),
        by: this.approver(ctx, by),
        note: 'Agreed with the business owner',
      });
    }
    if (target === 'retired') {
      steps.push({
        to: 'retired',
        at: this.iso(retiredAt ?? at + 10 * DAY),
        by,
        note: 'Service decommissioned',
      });
    }
    const tier = TIERS[ctx.tier];
    const agreed = steps.find(s => s.to === 'agreed');
    this.data.serviceLevels.push({
      key: this.key('sl'),
      at: this.iso(at),
      by,
      input: {
        entityRef: ctx.ref,
        name: `${tier.name} service level`,
        tier: ctx.tier,
        state: 'draft',
        availabilityTarget: tier.availability,
        targets: ctx.targets,
        slos: [
          { name: 'Availability', objectivePercent: tier.availability },
          {
            name: 'Requests under 300 ms',
            objectivePercent: 99,
            description: 'p99 latency of the public endpoints',
          },
        ],
        agreedBy: agreed?.by,
        agreedAt: agreed?.at,
        fromAnnotation: false,
      },
      steps,
    });
  }

  release(
    ctx: EntityContext,
    options: {
      at: number;
      version: string;
      target: 'planned' | 'building' | 'ready' | 'deployed';
      changeKeys: string[];
    },
  ): string {
    const by = ctx.pick(ctx.team);
    const key = this.key('release');
    const path = ['planned', 'building', 'ready', 'deployed'];
    const steps = path
      .slice(1, path.indexOf(options.target) + 1)
      .map((to, i) => ({ to, at: this.iso(options.at + (i + 1) * DAY), by }));
    this.data.releases.push({
      key,
      at: this.iso(options.at),
      by,
      input: {
        entityRef: ctx.ref,
        releaseVersion: options.version,
        title: `${ctx.name} ${options.version}`,
        state: 'planned',
        gitTag: `v${options.version}`,
      },
      steps,
      changeKeys: options.changeKeys,
    });
    return key;
  }

  deployment(
    ctx: EntityContext,
    options: {
      at: number;
      environment: 'development' | 'staging' | 'production';
      version: string;
      outcome: 'success' | 'failure' | 'in_progress';
      releaseKey?: string;
      changeKey?: string;
      /** Judge its authorization when seeded (see `DemoData`). */
      judge?: boolean;
    },
  ) {
    const by = ctx.pick(ctx.team);
    const started = options.at;
    const finished = started + ctx.int(4, 25) * MINUTE;
    const steps: DemoStep[] = [
      { to: 'in_progress', at: this.iso(started + MINUTE), by },
    ];
    if (options.outcome !== 'in_progress') {
      steps.push({ to: options.outcome, at: this.iso(finished), by });
    }
    this.data.deployments.push({
      key: this.key('deployment'),
      at: this.iso(started),
      by,
      input: {
        entityRef: ctx.ref,
        environment: options.environment,
        production: options.environment === 'production',
        deployedVersion: options.version,
        state: 'pending',
        startedAt: this.iso(started + MINUTE),
        finishedAt:
          options.outcome === 'in_progress' ? undefined : this.iso(finished),
        gitSha: [`${ctx.ref}@${options.version}`, options.version]
          .map(part => hash(part).toString(16).padStart(8, '0'))
          .join(''),
      },
      steps,
      releaseKey: options.releaseKey,
      changeKey: options.changeKey,
      ...(options.judge ? { judge: true } : {}),
    });
  }

  incident(
    ctx: EntityContext,
    options: {
      at: number;
      target: 'new' | 'acknowledged' | 'in_progress' | 'closed';
      breached: boolean;
      causedByChangeKey?: string;
    },
  ): string {
    const key = this.key('incident');
    const impact = ctx.pick(['high', 'medium', 'medium', 'low'] as const);
    const urgency = ctx.pick(['high', 'medium', 'low', 'low'] as const);
    const priority = priorityFor(impact, urgency);
    const target = ctx.targets[priority];
    const reporter = ctx.pick(ctx.team);
    const assignee = ctx.pick(ctx.team);
    const created = options.at;
    const open = options.target !== 'closed';
    const late = options.breached ? 1.5 : 0.5;
    const responseDue = created + target.responseMinutes * MINUTE;
    const resolutionDue = created + target.resolutionMinutes * MINUTE;
    const responded =
      open && options.target === 'new'
        ? undefined
        : Math.min(created + target.responseMinutes * late * MINUTE, this.#now);
    const resolved = open
      ? undefined
      : created + target.resolutionMinutes * (late + 0.1) * MINUTE;
    const alert = ctx.random() < 0.5;
    const path = ['acknowledged', 'in_progress', 'resolved', 'closed'];
    const times = [
      responded ?? created,
      (responded ?? created) + 10 * MINUTE,
      resolved ?? created,
      (resolved ?? created) + DAY,
    ];
    const last = open ? path.indexOf(options.target) : path.length - 1;
    const steps: DemoStep[] = path.slice(0, last + 1).map((to, i) => ({
      to,
      at: this.iso(times[i]),
      by: assignee,
      note: to === 'resolved' ? 'Service restored' : undefined,
    }));
    this.data.incidents.push({
      key,
      at: this.iso(created),
      by: reporter,
      input: {
        entityRef: ctx.ref,
        title: ctx.pick(INCIDENT_TITLES),
        description: `Raised ${
          alert ? 'from an alert' : 'through the portal'
        } for ${ctx.name}.`,
        state: 'new',
        impact,
        urgency,
        priority,
        major: priority === 'P1' && ctx.random() < 0.3,
        reporter,
        contactChannel: alert ? undefined : '#ops',
        assignee: options.target === 'new' ? undefined : assignee,
        waitingOnReporter: false,
        knowledgeLinks: [],
        resolvedAt: resolved === undefined ? undefined : this.iso(resolved),
        resolutionNote: open ? undefined : 'Rolled back and scaled out.',
        sla: {
          // Due times may lie in the future: never clamped to now.
          responseDueAt: new Date(responseDue).toISOString(),
          resolutionDueAt: new Date(resolutionDue).toISOString(),
          respondedAt:
            responded === undefined ? undefined : this.iso(responded),
          pausedMs: 0,
          responseBreached: (responded ?? this.#now) > responseDue,
          resolutionBreached: (resolved ?? this.#now) > resolutionDue,
        },
        source: alert ? 'alertmanager' : 'portal',
      },
      steps,
      causedByChangeKey: options.causedByChangeKey,
    });
    if (alert) {
      this.data.events.push({
        entityRef: ctx.ref,
        source: 'alertmanager',
        fingerprint: hash(key + ctx.ref).toString(16),
        severity: 'exception',
        status: open ? 'firing' : 'resolved',
        summary: `${ctx.name}: high error rate`,
        labels: { alertname: 'HighErrorRate', service: ctx.name },
        startsAt: this.iso(created - 2 * MINUTE),
        endsAt: resolved === undefined ? undefined : this.iso(resolved),
        receivedAt: this.iso(created - MINUTE),
        incidentKey: key,
      });
    }
    return key;
  }

  problem(ctx: EntityContext, at: number, incidentKeys: string[]) {
    const template = ctx.pick(PROBLEMS);
    const by = ctx.pick(ctx.team);
    const resolved = ctx.random() < 0.3;
    const steps: DemoStep[] = [
      { to: 'investigating', at: this.iso(at + DAY), by },
      {
        to: 'known_error',
        at: this.iso(at + 3 * DAY),
        by,
        note: 'Root cause found; workaround documented',
      },
    ];
    if (resolved) {
      steps.push({ to: 'resolved', at: this.iso(at + 12 * DAY), by });
    }
    this.data.problems.push({
      key: this.key('problem'),
      at: this.iso(at),
      by,
      input: {
        entityRef: ctx.ref,
        title: template.title,
        description: `Recurring incidents on ${ctx.name}.`,
        state: 'new',
        rootCause: template.rootCause,
        workaround: template.workaround,
      },
      steps,
      incidentKeys,
    });
  }
}

export function entityContext(
  entity: DemoEntity,
  seed: number,
  members: Record<string, string[]>,
): EntityContext {
  const random = prng(hash(entity.entityRef.toLowerCase()) ^ seed);
  const int = (min: number, max: number) =>
    min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)];
  const tier = pick(['gold', 'silver', 'silver', 'bronze']);
  const factor = TIERS[tier].factor;
  const targets = Object.fromEntries(
    Object.entries(BASE_TARGETS).map(([p, t]) => [
      p,
      {
        responseMinutes: t.responseMinutes * factor,
        resolutionMinutes: t.resolutionMinutes * factor,
      },
    ]),
  ) as Record<Priority, PriorityTarget>;
  const owner = entity.owner?.toLowerCase();
  const team = (owner && members[owner]?.length
    ? members[owner]
    : undefined) ?? [FALLBACK_USER];
  return {
    ref: entity.entityRef,
    name: entity.entityRef.split('/').pop() ?? entity.entityRef,
    kind: entity.entityRef.split(':')[0].toLowerCase(),
    ...(owner ? { owner } : {}),
    team,
    random,
    int,
    pick,
    tier,
    targets,
  };
}
