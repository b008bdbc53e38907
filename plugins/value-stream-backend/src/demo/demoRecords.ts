/*
 * Deterministic demo data: given catalog entities and a `now`, a realistic
 * history of practice records, so that a fresh portal shows services in every
 * stage, changes in every state, releases and deployments across
 * environments, incidents (some breached) and known errors. The same input
 * gives the same output: a seeded PRNG, never Math.random.
 */
import type {
  ChangeState,
  ChangeType,
  Priority,
  PriorityTarget,
  Stage,
} from '@valuestream/plugin-value-stream-common';
import { CHANGE_STATES } from '@valuestream/plugin-value-stream-common';
import type {
  NewApproval,
  NewChange,
  NewDeployment,
  NewEvent,
  NewIncident,
  NewProblem,
  NewRelease,
  NewServiceLevel,
  ValueStreamStore,
} from '../database/ValueStreamStore';

/** A catalog entity the demo data is generated for. */
export interface DemoEntity {
  entityRef: string;
  /** `spec.lifecycle`: experimental, production, deprecated. */
  lifecycle?: string;
  /** Owner group ref, e.g. `group:default/payments`. */
  owner?: string;
}

/** Options of the generator. */
export interface DemoDataOptions {
  /** Varies the data; the default gives the documented demo. */
  seed?: number;
  /** Members of `group:default/change-advisory-board`, who approve changes. */
  approvers?: string[];
  /** Members per owner group ref; requesters and assignees come from here. */
  members?: Record<string, string[]>;
  /** At most this many entities get records (default 100). */
  maxEntities?: number;
}

/** A state transition applied after the record is created. */
export interface DemoStep {
  to: string;
  at: string;
  by: string;
  note?: string;
  /** Approvals added (in order) just before this transition. */
  approvals?: NewApproval[];
}

/** A planned record: created at `at` by `by`, then moved through `steps`. */
export interface DemoRecord<T> {
  /** Local key other planned records refer to. */
  key: string;
  at: string;
  by: string;
  input: T;
  steps: DemoStep[];
}

/** All planned demo records; links between them are by key. */
export interface DemoData {
  /** The stage each entity is meant to end up in. */
  stages: Record<string, Stage>;
  /** Stage history to record, oldest first. */
  stageHistory: Array<{ entityRef: string; stage: Stage; at: string }>;
  serviceLevels: DemoRecord<NewServiceLevel>[];
  changes: Array<
    DemoRecord<NewChange> & {
      /** Approvals added after the last step (a change waiting in authorize). */
      pendingApprovals?: NewApproval[];
    }
  >;
  releases: Array<DemoRecord<NewRelease> & { changeKeys: string[] }>;
  deployments: Array<
    DemoRecord<NewDeployment> & { releaseKey?: string; changeKey?: string }
  >;
  incidents: Array<DemoRecord<NewIncident> & { causedByChangeKey?: string }>;
  problems: Array<DemoRecord<NewProblem> & { incidentKeys: string[] }>;
  events: Array<NewEvent & { incidentKey?: string }>;
}

/** The change advisory board of the example organisation. */
export const DEFAULT_APPROVERS = [
  'user:default/margaret-oconnor',
  'user:default/rebecca-stein',
  'user:default/tomasz-kowalski',
];

/** Team members of the example organisation, by owner group. */
export const DEFAULT_MEMBERS: Record<string, string[]> = {
  'group:default/web': [
    'user:default/hannah-becker',
    'user:default/mateo-rossi',
  ],
  'group:default/catalog-search': [
    'user:default/kenji-watanabe',
    'user:default/sofia-alvarez',
  ],
  'group:default/checkout': [
    'user:default/lucas-moreau',
    'user:default/aisha-bello',
  ],
  'group:default/payments': [
    'user:default/fatima-haddad',
    'user:default/aisha-bello',
  ],
  'group:default/fulfilment': ['user:default/daniel-osei'],
  'group:default/platform': [
    'user:default/priya-raman',
    'user:default/tomasz-kowalski',
  ],
  'group:default/data': [
    'user:default/grace-liu',
    'user:default/sofia-alvarez',
  ],
  'group:default/sre': [
    'user:default/jade-thompson',
    'user:default/tomasz-kowalski',
  ],
};

const FALLBACK_USER = 'user:default/guest';
/** The `vs_meta` key that records the seed (see the meta migration). */
export const DEMO_SEEDED_KEY = 'demo-data-seeded';

const RISK_LEVELS = ['low', 'medium', 'high', 'very_high'] as const;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const PRE_OPERATE: Stage[] = ['demand', 'design', 'build', 'test', 'deploy'];

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

const CHANGE_TITLES = [
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

interface EntityContext {
  ref: string;
  name: string;
  team: string[];
  random: () => number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  tier: string;
  targets: Record<Priority, PriorityTarget>;
}

class Planner {
  readonly data: DemoData = {
    stages: {},
    stageHistory: [],
    serviceLevels: [],
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
  }

  iso(time: number): string {
    return new Date(Math.min(time, this.#now)).toISOString();
  }

  key(kind: string): string {
    this.#nextKey += 1;
    return `${kind}-${this.#nextKey}`;
  }

  approver(ctx: EntityContext, not: string, offset = 0): string {
    const eligible = this.#approvers.filter(a => a !== not);
    const list = eligible.length ? eligible : this.#approvers;
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
    const type = options.type ?? 'normal';
    const by = ctx.pick(ctx.team);
    const risk = ctx.int(5, 85);
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
        const approver = this.approver(ctx, by);
        step.by = approver;
        step.note = 'Rejected by the change advisory board';
        step.approvals = [
          {
            approver,
            decision: 'rejected',
            comment: 'The rollback plan is missing; resubmit with one.',
            at: this.iso(time - HOUR),
          },
        ];
      } else if (from === 'authorize') {
        const first = this.approver(ctx, by);
        const second = this.approver(ctx, by, 1);
        step.by = second;
        const decidedAt = time;
        step.approvals = [...new Set([first, second])].map((approver, i) => ({
          approver,
          decision: 'approved' as const,
          comment: i === 0 ? 'Risk understood, window agreed.' : undefined,
          at: this.iso(decidedAt - (2 - i) * HOUR),
        }));
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
      pendingApprovals.push({
        approver: this.approver(ctx, by),
        decision: 'approved',
        comment: 'Fine by me once the runbook is linked.',
        at: this.iso(time + HOUR),
      });
    }
    this.data.changes.push({
      key,
      at: this.iso(options.at),
      by,
      input: changeInput(ctx, options, type, by, risk),
      steps,
      pendingApprovals,
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
    const priority = priorityOf(impact, urgency);
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

function changeInput(
  ctx: EntityContext,
  options: { title: string; proposesService?: boolean; at: number },
  type: ChangeType,
  by: string,
  risk: number,
): NewChange {
  const start = options.at + 3 * DAY;
  return {
    entityRef: ctx.ref,
    title: options.title,
    description: `${options.title} on ${ctx.name}.`,
    type,
    state: 'new',
    requestedBy: by,
    plannedStart: new Date(start).toISOString(),
    plannedEnd: new Date(start + 2 * HOUR).toISOString(),
    riskScore: risk,
    riskLevel: RISK_LEVELS[Math.min(3, Math.floor(risk / 25))],
    proposesService: options.proposesService ?? false,
  };
}

/** The states a change passes through to reach `target`. */
function changePath(target: ChangeState, type: ChangeType): string[] {
  if (target === 'rejected') return ['new', 'assess', 'authorize', 'rejected'];
  if (target === 'cancelled') return ['new', 'assess', 'cancelled'];
  if (target === 'failed') {
    return ['new', 'assess', 'authorize', 'scheduled', 'implement', 'failed'];
  }
  const path =
    type === 'standard'
      ? ['new', 'scheduled', 'implement', 'review', 'closed']
      : [
          'new',
          'assess',
          'authorize',
          'scheduled',
          'implement',
          'review',
          'closed',
        ];
  const end = path.indexOf(target);
  return end >= 0 ? path.slice(0, end + 1) : path;
}

const LEVEL_ORDER = ['high', 'medium', 'low'];

/** The usual impact x urgency matrix (the API recomputes it from -common). */
function priorityOf(impact: string, urgency: string): Priority {
  const score = LEVEL_ORDER.indexOf(impact) + LEVEL_ORDER.indexOf(urgency);
  return (['P1', 'P2', 'P3', 'P4', 'P4'] as const)[score];
}

function entityContext(
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
    team,
    random,
    int,
    pick,
    tier,
    targets,
  };
}

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

  for (const entity of selected) {
    const stage = stages.get(entity.entityRef)!;
    const ctx = entityContext(entity, seed, members);
    planner.data.stages[entity.entityRef] = stage;
    if (stage === 'operate' || stage === 'retired') {
      planLiveService(planner, ctx, nowMs, stage === 'retired');
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
    store.listChanges({ limit: 1 }),
    store.listIncidents({ limit: 1 }),
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

  type Versioned = { id: string; version: number };
  const apply = async (
    created: Versioned,
    steps: DemoStep[],
    update: (version: number, step: DemoStep) => Promise<Versioned>,
    approve?: (version: number, approval: NewApproval) => Promise<Versioned>,
  ) => {
    let current = created;
    for (const step of steps) {
      for (const approval of step.approvals ?? []) {
        current = await approve!(current.version, approval);
      }
      current = await update(current.version, step);
    }
    return current;
  };

  for (const item of plan.serviceLevels) {
    const created = await store.createServiceLevel(item.input, item.by, {
      at: item.at,
    });
    await apply(created, item.steps, (v, s) =>
      store.updateServiceLevel(
        created.id,
        v,
        {},
        s.by,
        { to: s.to, note: s.note },
        { at: s.at },
      ),
    );
    records++;
  }
  for (const item of plan.changes) {
    const created = await store.createChange(item.input, item.by, {
      at: item.at,
    });
    ids.set(item.key, created.id);
    const approve = (v: number, a: NewApproval) =>
      store.addApproval(created.id, a, v);
    let current = await apply(
      created,
      item.steps,
      (v, s) =>
        store.updateChange(
          created.id,
          v,
          {},
          s.by,
          { to: s.to, note: s.note },
          { at: s.at },
        ),
      approve,
    );
    for (const approval of item.pendingApprovals ?? []) {
      current = await approve(current.version, approval);
    }
    records++;
  }
  for (const item of plan.releases) {
    const created = await store.createRelease(
      {
        ...item.input,
        changeIds: item.changeKeys.map(k => ids.get(k)!).filter(Boolean),
      },
      item.by,
      { at: item.at },
    );
    ids.set(item.key, created.id);
    await apply(created, item.steps, (v, s) =>
      store.updateRelease(
        created.id,
        v,
        {},
        s.by,
        { to: s.to, note: s.note },
        { at: s.at },
      ),
    );
    records++;
  }
  for (const item of plan.deployments) {
    const created = await store.createDeployment(
      {
        ...item.input,
        releaseId: id(item.releaseKey),
        changeId: id(item.changeKey),
      },
      item.by,
      { at: item.at },
    );
    await apply(created, item.steps, (v, s) =>
      store.updateDeployment(
        created.id,
        v,
        {},
        s.by,
        { to: s.to, note: s.note },
        { at: s.at },
      ),
    );
    records++;
  }
  for (const item of plan.incidents) {
    const created = await store.createIncident(
      { ...item.input, causedByChangeId: id(item.causedByChangeKey) },
      item.by,
      { at: item.at },
    );
    ids.set(item.key, created.id);
    await apply(created, item.steps, (v, s) =>
      store.updateIncident(
        created.id,
        v,
        {},
        s.by,
        { to: s.to, note: s.note },
        { at: s.at },
      ),
    );
    records++;
  }
  for (const item of plan.problems) {
    const created = await store.createProblem(
      {
        ...item.input,
        incidentIds: item.incidentKeys.map(k => ids.get(k)!).filter(Boolean),
      },
      item.by,
      { at: item.at },
    );
    await apply(created, item.steps, (v, s) =>
      store.updateProblem(
        created.id,
        v,
        {},
        s.by,
        { to: s.to, note: s.note },
        { at: s.at },
      ),
    );
    records++;
  }
  for (const { incidentKey, ...event } of plan.events) {
    await store.upsertEvent({ ...event, incidentId: id(incidentKey) });
    records++;
  }
  for (const entry of plan.stageHistory) {
    await store.recordStage(entry.entityRef, entry.stage, entry.at, {
      gaps: 0,
    });
  }
  return { seeded: true, records };
}
