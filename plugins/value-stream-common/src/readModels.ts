/*
 * The read models of the REST API: pages, stage evidence and checklists,
 * entity summaries, the board, impact, assets and cost. The records they are
 * built from are in `types.ts`.
 */
import type {
  Stage,
  RecordType,
  RecordBase,
  ChangeRecord,
  ReleaseRecord,
  DeploymentRecord,
  IncidentRecord,
  ProblemRecord,
  ServiceLevelRecord,
} from './types';

// ------------------------------------------------------------ read models

/**
 * A page of a cursor-paginated list.
 * @public
 */
export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * Evidence that meets (or would meet) a stage exit criterion.
 * @public
 */
export interface Evidence {
  label: string;
  recordType?: RecordType;
  recordId?: string;
  /** A link for evidence that lives outside the suite (TechDocs, source). */
  url?: string;
  entityRef?: string;
}

/**
 * One exit criterion of a stage as it stands for one service.
 * @public
 */
export interface ChecklistItem {
  /** Criterion id from the criteria table, e.g. `agreed-service-level`. */
  id: string;
  /** The stage this criterion lets the service leave. */
  stage: Stage;
  label: string;
  met: boolean;
  evidence: Evidence[];
  /**
   * True when the service already stands in a later stage without meeting
   * this criterion ("operating without an agreed service level").
   */
  gap: boolean;
}

/**
 * A service level together with how well it is met over the window.
 * @public
 */
export interface ServiceLevelAttainment {
  serviceLevel: ServiceLevelRecord;
  windowDays: number;
  /** Measured availability % from incident downtime in the window. */
  availability: number;
  /** Share of incidents in the window that met their response/resolution targets, %. */
  responseAttainment: number;
  resolutionAttainment: number;
  breaches: number;
  /** Remaining error budget as a share of the allowed downtime, 0..100 (negative when overspent). */
  errorBudgetRemaining: number;
}

/**
 * A record as lists of many kinds of record carry it (the entity summary):
 * without its history and bookkeeping, which the record itself gives.
 * @public
 */
export type RecordHeadline<T extends RecordBase> = T extends RecordBase
  ? Omit<T, 'history' | 'createdBy' | 'updatedAt'>
  : never;

/**
 * Everything the entity tab shows for one configuration item. Its records
 * are headlines: the tab fetches a record in full when it is opened.
 * @public
 */
export interface EntitySummary {
  entityRef: string;
  stage: Stage;
  stageSince?: string;
  checklist: ChecklistItem[];
  serviceLevels: ServiceLevelAttainment[];
  openChanges: RecordHeadline<ChangeRecord>[];
  recentReleases: RecordHeadline<ReleaseRecord>[];
  /** The latest deployment per environment. */
  latestDeployments: RecordHeadline<DeploymentRecord>[];
  recentDeployments: RecordHeadline<DeploymentRecord>[];
  openIncidents: RecordHeadline<IncidentRecord>[];
  openProblems: RecordHeadline<ProblemRecord>[];
}

/**
 * One service on the value stream board.
 * @public
 */
export interface BoardItem {
  entityRef: string;
  title: string;
  kind: string;
  owner?: string;
  system?: string;
  lifecycle?: string;
  stage: Stage;
  stageSince?: string;
  /** Unmet criteria of earlier stages. */
  gaps: number;
  openIncidents: number;
  breachedIncidents: number;
  openChanges: number;
  productionVersion?: string;
}

/**
 * One stage column of the board: the first services in it, in title order,
 * and how many match the filters in all.
 * @public
 */
export interface BoardColumn {
  stage: Stage;
  total: number;
  items: BoardItem[];
  /** Continues this column (with `stage`) when more services follow. */
  nextCursor?: string;
}

/**
 * The value stream board: a column per stage, in stage order (just the
 * requested one when the query names a stage).
 * @public
 */
export interface Board {
  columns: BoardColumn[];
}

// ------------------------------------------- impact, assets and metrics

/**
 * An entity reached by the impact analysis.
 * @public
 */
export interface ImpactedItem {
  entityRef: string;
  kind: string;
  title?: string;
  /** Hops from the analysed entity. */
  depth: number;
  /** Entity refs from the analysed entity to this one, both ends included. */
  path: string[];
  /** The relation types along the path, one per hop (e.g. dependencyOf, apiConsumedBy). */
  relations: string[];
}

/**
 * What an entity depends on and what depends on it, through the catalog's
 * relations.
 * @public
 */
export interface ImpactAnalysis {
  entityRef: string;
  depth: number;
  /** What this entity depends on (dependsOn, partOf, consumesApi ...). */
  upstream: ImpactedItem[];
  /**
   * What depends on this entity (dependencyOf, hasPart,
   * apiProvidedBy → apiConsumedBy ...): what a change or an outage impacts.
   */
  downstream: ImpactedItem[];
}

/**
 * One asset: a Resource with `valuestream.io/asset-type`.
 * @public
 */
export interface AssetSummary {
  entityRef: string;
  title?: string;
  assetType: 'license' | 'hardware' | 'cloud';
  owner?: string;
  vendor?: string;
  /** YYYY-MM-DD */
  expires?: string;
  daysToExpiry?: number;
  seats?: number;
  cost?: {
    amount: number;
    currency: string;
    period: 'month' | 'year' | 'one-off';
  };
  /** In `cost.currency`. */
  annualCost?: number;
  /** Entity refs that depend on it directly. */
  dependents: string[];
}

/**
 * The yearly cost of the assets a service or system needs.
 * @public
 */
export interface CostRollup {
  entityRef: string;
  title?: string;
  /** By currency. */
  annualCost: Record<string, number>;
  assets: string[];
}

/**
 * The assets of the catalog: expiring ones, the ones nobody owns or needs,
 * and their cost per service and system.
 * @public
 */
export interface AssetsOverview {
  assets: AssetSummary[];
  /** Within the window, soonest first. */
  expiring: AssetSummary[];
  withoutOwner: AssetSummary[];
  withoutDependents: AssetSummary[];
  /** Through dependsOn, transitively. */
  costByService: CostRollup[];
  costBySystem: CostRollup[];
}
