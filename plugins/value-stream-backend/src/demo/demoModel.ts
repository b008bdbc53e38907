/*
 * What the demo data is made of: the catalog entities it is generated for,
 * the generator's options, planned records linked by key, and the example
 * organisation's approvers and team members.
 */
import type { Stage } from '@valuestream/plugin-value-stream-common';
import type { DemoModel } from './demoModels';
import type {
  NewApproval,
  NewChange,
  NewDeployment,
  NewEvent,
  NewIncident,
  NewProblem,
  NewRelease,
  NewServiceLevel,
} from '../database/types';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

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
  /** The standard-change catalog, stored before the changes. */
  standardChangeModels: DemoModel[];
  changes: Array<
    DemoRecord<NewChange> & {
      /** Approvals added after the last step (a change waiting in authorize). */
      pendingApprovals?: NewApproval[];
      /** The model a standard change follows. */
      modelKey?: string;
    }
  >;
  releases: Array<DemoRecord<NewRelease> & { changeKeys: string[] }>;
  deployments: Array<
    DemoRecord<NewDeployment> & {
      releaseKey?: string;
      changeKey?: string;
      /**
       * Judged for authorization when seeded, as a deployment recorded
       * through the API is: the demo's hotfixes that went out without a
       * change. The other demo deployments are not judged.
       */
      judge?: boolean;
    }
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
