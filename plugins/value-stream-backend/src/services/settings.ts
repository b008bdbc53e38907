import type { Config } from '@backstage/config';
import {
  FreezeWindow,
  Priority,
  PriorityMatrix,
  PriorityTarget,
  readPriorityMatrix,
  readStageCriteria,
  Slo,
  StageCriterion,
} from '@valuestream/plugin-value-stream-common';

/** The default change authority: the change advisory board group. */
export const DEFAULT_CHANGE_AUTHORITY_GROUP =
  'group:default/change-advisory-board';

/** A service level tier from `valueStream.serviceLevelTiers`. */
export interface ServiceLevelTier {
  name: string;
  availabilityTarget: number;
  /** Targets the tier sets; the rest come from the defaults. */
  targets: Partial<Record<Priority, PriorityTarget>>;
  slos: Slo[];
}

/** The `valueStream` config, read once at startup. */
export interface ValueStreamSettings {
  changeAuthorityGroup: string;
  /** Lower-case catalog kinds whose stage is computed. */
  stageKinds: string[];
  productionEnvironments?: string[];
  serviceLevelTiers: Map<string, ServiceLevelTier>;
  priorityMatrix: PriorityMatrix;
  stageCriteria: StageCriterion[];
  freezeWindows: FreezeWindow[];
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
  return {
    name:
      config.getOptionalString('name') ?? `${capitalize(name)} service level`,
    availabilityTarget: config.getNumber('availabilityTarget'),
    targets,
    slos,
  };
}

function capitalize(value: string): string {
  return value.charAt(0).toLocaleUpperCase('en-US') + value.slice(1);
}

/** Reads `valueStream` from the app config, with defaults. */
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

  return {
    changeAuthorityGroup: (
      config?.getOptionalString('changeAuthorityGroup') ??
      DEFAULT_CHANGE_AUTHORITY_GROUP
    ).toLocaleLowerCase('en-US'),
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
      window => ({
        reason: window.getString('name'),
        start: readIsoTime(window, 'start'),
        end: readIsoTime(window, 'end'),
      }),
    ),
  };
}
