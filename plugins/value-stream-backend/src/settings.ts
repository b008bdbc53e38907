/*
 * The plugin's one config reader: everything under `valueStream` is read here,
 * once at startup, and handed to the parts that need it.
 */
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { readChangeApprovalPolicy } from './changeApprovalSettings';
import {
  ConfiguredMaintenanceWindows,
  ChangeApprovalPolicy,
  DEFAULT_AUTHORIZATION_GRACE_MINUTES,
  FreezeWindow,
  MaintenanceWindow,
  parseMaintenanceWindows,
  Priority,
  PriorityMatrix,
  PriorityTarget,
  readPriorityMatrix,
  readStageCriteria,
  Slo,
  sloDeclarationSchema,
  SloDefinition,
  StageCriterion,
  toSloDefinition,
  formatValidationMessage,
} from '@valuestream/plugin-value-stream-common';

/** The default change authority: the change advisory board group. */
const DEFAULT_CHANGE_AUTHORITY_GROUP = 'group:default/change-advisory-board';

/** A service level tier from `valueStream.serviceLevelTiers`. */
export interface ServiceLevelTier {
  name: string;
  availabilityTarget: number;
  /** Targets the tier sets; the rest come from the defaults. */
  targets: Partial<Record<Priority, PriorityTarget>>;
  slos: Slo[];
  /**
   * The tier's SLOs that carry an indicator: measured for each service of
   * the tier, with `{{name}}` and `{{namespace}}` in their queries.
   */
  sloDefinitions: SloDefinition[];
}

/** One source of `valueStream.slo.sources`. */
export interface SliSourceSettings {
  name: string;
  type: 'prometheus';
  baseUrl: string;
  /** Request headers, the bearer token's `Authorization` among them. */
  headers: Record<string, string>;
  timeoutMs: number;
}

/** `valueStream.slo`. */
export interface SloSettings {
  sources: SliSourceSettings[];
  /** `budgetPolicy.requireOverride`. */
  requireOverride: boolean;
}

/** `valueStream.ingest`: webhook secrets and the Alertmanager options. */
export interface IngestSettings {
  /** `valueStream.ingest.github.secret`; GitHub ingestion is off without it. */
  githubSecret?: string;
  /** `valueStream.ingest.pagerduty.secret`; PagerDuty ingestion is off without it. */
  pagerDutySecret?: string;
  /** Seconds the catalog answers that map alerts to entities are kept. */
  alertEntityCacheSeconds?: number;
  flappingWindowMinutes?: number;
}

/** `valueStream.changeConflicts`: what a conflict between changes does. */
export interface ChangeConflictSettings {
  /** True: a change with conflicts is not scheduled (a 409); else a warning. */
  blockScheduling: boolean;
}

/** `valueStream.unauthorizedDeployments`: unauthorized change detection. */
export interface UnauthorizedDeploymentSettings {
  /**
   * Minutes a change's planned window and implementation are widened by on
   * each side when a production deployment is judged against them.
   */
  graceMinutes: number;
  /**
   * A service with an unauthorized production deployment in this many days
   * has a gap on the board.
   */
  gapDays: number;
}

/** The default of `valueStream.unauthorizedDeployments.gapDays`. */
export const DEFAULT_UNAUTHORIZED_GAP_DAYS = 30;

/** `valueStream.schedule`: the background tasks, defaults filled in. */
export interface ScheduleSettings {
  slaBreach: SchedulerServiceTaskScheduleDefinition;
  stageRecompute: SchedulerServiceTaskScheduleDefinition;
  sloEvaluation: SchedulerServiceTaskScheduleDefinition;
}

/** The `valueStream` config, read once at startup. */
export interface ValueStreamSettings {
  changeAuthorityGroup: string;
  /** `valueStream.changeApproval`: who decides on which changes. */
  changeApproval: ChangeApprovalPolicy;
  /** Lower-case catalog kinds whose stage is computed. */
  stageKinds: string[];
  productionEnvironments?: string[];
  serviceLevelTiers: Map<string, ServiceLevelTier>;
  priorityMatrix: PriorityMatrix;
  stageCriteria: StageCriterion[];
  freezeWindows: FreezeWindow[];
  /** `valueStream.maintenanceWindows`: for entities without the annotation. */
  maintenanceWindows: ConfiguredMaintenanceWindows;
  /** `valueStream.changeConflicts`. */
  changeConflicts: ChangeConflictSettings;
  /** `valueStream.unauthorizedDeployments`. */
  unauthorizedDeployments: UnauthorizedDeploymentSettings;
  ingest: IngestSettings;
  /** `valueStream.slo`: SLI sources and the error budget policy. */
  slo: SloSettings;
  schedule: ScheduleSettings;
  /** `valueStream.demoData.enabled`: seed demo records once. */
  demoDataEnabled: boolean;
  /**
   * `valueStream.recordWriters`: subjects of the service principals that may
   * write records (`plugin:scaffolder`, a static token's subject).
   */
  recordWriters: string[];
}

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

const DEFAULT_SLO_EVALUATION_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { minutes: 5 },
    timeout: { minutes: 4 },
    initialDelay: { seconds: 45 },
  };

/** A schedule from config; what config leaves out keeps its default. */
function readSchedule(
  config: Config | undefined,
  key: string,
  defaults: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  const scheduleConfig = config?.getOptionalConfig(`schedule.${key}`);
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

const PRIORITY_KEYS: Priority[] = ['P1', 'P2', 'P3', 'P4'];

function readIsoTime(config: Config, key: string): string {
  const value = config.getString(key);
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new Error(
      `Invalid config valueStream.freezeWindows: ${key} must be an ISO 8601 time, got '${value}'`,
    );
  }
  return new Date(time).toISOString();
}

/** A freeze window from config; one that ends before it starts is an error. */
function readFreezeWindow(config: Config): FreezeWindow {
  const reason = config.getString('name');
  const start = readIsoTime(config, 'start');
  const end = readIsoTime(config, 'end');
  if (end <= start) {
    throw new Error(
      `Invalid config valueStream.freezeWindows: '${reason}' ends (${end}) before it starts (${start})`,
    );
  }
  return { reason, start, end };
}

function readWindows(value: string, key: string): MaintenanceWindow[] {
  try {
    return parseMaintenanceWindows(value);
  } catch (error) {
    throw new Error(
      `Invalid config valueStream.maintenanceWindows: ${key} ${
        (error as Error).message
      }`,
    );
  }
}

/** Maintenance windows from config; one that does not parse is an error. */
function readMaintenanceWindows(
  config: Config | undefined,
): ConfiguredMaintenanceWindows {
  const byEntity = new Map<string, MaintenanceWindow[]>();
  for (const entry of config?.getOptionalConfigArray('entities') ?? []) {
    const ref = entry.getString('entityRef').toLocaleLowerCase('en-US');
    byEntity.set(ref, readWindows(entry.getString('windows'), ref));
  }
  const fallback = config?.getOptionalString('default');
  return {
    byEntity,
    default: fallback ? readWindows(fallback, 'default') : [],
  };
}

function readTier(name: string, config: Config): ServiceLevelTier {
  const targets: Partial<Record<Priority, PriorityTarget>> = {};
  const targetsConfig = config.getOptionalConfig('targets');
  for (const priority of PRIORITY_KEYS) {
    const target = targetsConfig?.getOptionalConfig(priority);
    if (target) {
      targets[priority] = {
        responseMinutes: target.getNumber('responseMinutes'),
        resolutionMinutes: target.getNumber('resolutionMinutes'),
      };
    }
  }
  const slos = (config.getOptionalConfigArray('slos') ?? []).map(slo => ({
    name: slo.getString('name'),
    objectivePercent: slo.getNumber('objectivePercent'),
    ...(slo.has('description')
      ? { description: slo.getString('description') }
      : {}),
  }));
  const sloDefinitions = (config.getOptionalConfigArray('slos') ?? [])
    .filter(slo => slo.has('indicator'))
    .map((slo, index) => readTierSlo(name, index, slo));
  return {
    name:
      config.getOptionalString('name') ?? `${capitalize(name)} service level`,
    availabilityTarget: config.getNumber('availabilityTarget'),
    targets,
    slos,
    sloDefinitions,
  };
}

/** `Checkout latency` → `checkout-latency`, an OpenSLO name. */
function kebab(value: string): string {
  return value
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/** A tier's measured SLO, held to the schema of `valuestream.io/slos`. */
function readTierSlo(tier: string, index: number, config: Config) {
  const timeWindow = config.getOptionalString('timeWindow') ?? '28d';
  const declaration = {
    name: kebab(config.getString('name')),
    displayName: config.getString('name'),
    ...(config.has('description')
      ? { description: config.getString('description') }
      : {}),
    indicator: config.get('indicator'),
    objectives: [
      {
        target: config.getNumber('objectivePercent') / 100,
        ...(config.has('op') ? { op: config.getString('op') } : {}),
        ...(config.has('value') ? { value: config.getNumber('value') } : {}),
      },
    ],
    timeWindow: [
      timeWindow === '1M'
        ? {
            duration: '1M',
            isRolling: false,
            calendar: {
              timeZone: config.getOptionalString('timeZone') ?? 'UTC',
            },
          }
        : { duration: timeWindow, isRolling: true },
    ],
  };
  const result = sloDeclarationSchema.safeParse(declaration);
  if (!result.success) {
    throw new Error(
      formatValidationMessage(
        `config valueStream.serviceLevelTiers.${tier}.slos[${index}]`,
        result.error,
      ),
    );
  }
  return toSloDefinition(result.data);
}

/** `valueStream.slo.sources`; a source named twice is an error. */
function readSloSettings(config: Config | undefined): SloSettings {
  const sources: SliSourceSettings[] = [];
  for (const source of config?.getOptionalConfigArray('slo.sources') ?? []) {
    const name = source.getString('name');
    if (sources.some(s => s.name === name)) {
      throw new Error(
        `Invalid config valueStream.slo.sources: ${name} is named twice`,
      );
    }
    const type = source.getOptionalString('type') ?? 'prometheus';
    if (type !== 'prometheus') {
      throw new Error(
        `Invalid config valueStream.slo.sources: ${name}.type ${type} is not supported (prometheus)`,
      );
    }
    const baseUrl = source.getString('baseUrl');
    if (!/^https?:\/\/[^/]/.test(baseUrl)) {
      throw new Error(
        `Invalid config valueStream.slo.sources: ${name}.baseUrl must be an http or https URL`,
      );
    }
    const headers: Record<string, string> = {};
    const headerConfig = source.getOptionalConfig('headers');
    for (const key of headerConfig?.keys() ?? []) {
      headers[key] = headerConfig!.getString(key);
    }
    const token = source.getOptionalString('bearerToken');
    if (token) {
      headers.Authorization = `Bearer ${token}`;
    }
    sources.push({
      name,
      type: 'prometheus',
      baseUrl: baseUrl.replace(/\/+$/, ''),
      headers,
      timeoutMs: (source.getOptionalNumber('timeoutSeconds') ?? 30) * 1000,
    });
  }
  return {
    sources,
    requireOverride:
      config?.getOptionalBoolean('slo.budgetPolicy.requireOverride') ?? false,
  };
}

/** A number of config that must be at least `min`, or its default. */
function readAtLeast(
  config: Config | undefined,
  key: string,
  min: number,
  defaultValue: number,
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) {
    return defaultValue;
  }
  if (!Number.isFinite(value) || value < min) {
    throw new Error(
      `Invalid config valueStream.${key}: must be a number of at least ${min}, got ${value}`,
    );
  }
  return value;
}

function capitalize(value: string): string {
  return value.charAt(0).toLocaleUpperCase('en-US') + value.slice(1);
}

/**
 * Reads `valueStream` from the app config, with defaults. Everything but the
 * webhook secrets is read once, at startup.
 */
export function readValueStreamSettings(root: Config): ValueStreamSettings {
  const config = root.getOptionalConfig('valueStream');

  const tiers = new Map<string, ServiceLevelTier>();
  const tiersConfig = config?.getOptionalConfig('serviceLevelTiers');
  for (const name of tiersConfig?.keys() ?? []) {
    tiers.set(
      name.toLocaleLowerCase('en-US'),
      readTier(name, tiersConfig!.getConfig(name)),
    );
  }

  const changeAuthorityGroup = (
    config?.getOptionalString('changeAuthorityGroup') ??
    DEFAULT_CHANGE_AUTHORITY_GROUP
  ).toLocaleLowerCase('en-US');
  return {
    changeAuthorityGroup,
    changeApproval: readChangeApprovalPolicy(config, changeAuthorityGroup),
    stageKinds: (
      config?.getOptionalStringArray('stageKinds') ?? ['Component']
    ).map(kind => kind.toLocaleLowerCase('en-US')),
    productionEnvironments: config?.getOptionalStringArray(
      'productionEnvironments',
    ),
    serviceLevelTiers: tiers,
    priorityMatrix: readPriorityMatrix(config?.getOptional('priorityMatrix')),
    stageCriteria: readStageCriteria(config?.getOptional('stageCriteria')),
    freezeWindows: (config?.getOptionalConfigArray('freezeWindows') ?? []).map(
      readFreezeWindow,
    ),
    maintenanceWindows: readMaintenanceWindows(
      config?.getOptionalConfig('maintenanceWindows'),
    ),
    changeConflicts: {
      blockScheduling:
        config?.getOptionalBoolean('changeConflicts.blockScheduling') ?? false,
    },
    unauthorizedDeployments: {
      graceMinutes: readAtLeast(
        config,
        'unauthorizedDeployments.graceMinutes',
        0,
        DEFAULT_AUTHORIZATION_GRACE_MINUTES,
      ),
      gapDays: readAtLeast(
        config,
        'unauthorizedDeployments.gapDays',
        1,
        DEFAULT_UNAUTHORIZED_GAP_DAYS,
      ),
    },
    ingest: {
      // Read at each delivery, so that a rotated secret takes effect when
      // the root config reloads, without a restart.
      get githubSecret() {
        return root.getOptionalString('valueStream.ingest.github.secret');
      },
      get pagerDutySecret() {
        return root.getOptionalString('valueStream.ingest.pagerduty.secret');
      },
      alertEntityCacheSeconds: config?.getOptionalNumber(
        'ingest.alertmanager.entityCacheSeconds',
      ),
      flappingWindowMinutes: config?.getOptionalNumber(
        'ingest.alertmanager.flappingWindowMinutes',
      ),
    },
    slo: readSloSettings(config),
    schedule: {
      sloEvaluation: readSchedule(
        config,
        'sloEvaluation',
        DEFAULT_SLO_EVALUATION_SCHEDULE,
      ),
      slaBreach: readSchedule(config, 'slaBreach', DEFAULT_SLA_BREACH_SCHEDULE),
      stageRecompute: readSchedule(
        config,
        'stageRecompute',
        DEFAULT_STAGE_RECOMPUTE_SCHEDULE,
      ),
    },
    demoDataEnabled: config?.getOptionalBoolean('demoData.enabled') ?? false,
    recordWriters: config?.getOptionalStringArray('recordWriters') ?? [],
  };
}
