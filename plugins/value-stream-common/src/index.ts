/**
 * Isomorphic types, schemas, lifecycles and domain rules of the Value Stream
 * plugins.
 *
 * @packageDocumentation
 */

export {
  APPROVAL_DECISIONS,
  CHANGE_STATES,
  CHANGE_TYPES,
  DEPLOYMENT_STATES,
  EVENT_SEVERITIES,
  IMPACTS,
  INCIDENT_STATES,
  PRIORITIES,
  PROBLEM_STATES,
  RECORD_TYPES,
  RELEASE_STATES,
  RISK_LEVELS,
  SERVICE_LEVEL_STATES,
  STAGES,
  URGENCIES,
} from './types';
export type {
  Approval,
  ApprovalDecision,
  AssetsOverview,
  AssetSummary,
  Board,
  BoardColumn,
  BoardItem,
  BusinessHours,
  ChangeRecord,
  ChangeState,
  ChangeType,
  ChecklistItem,
  CostRollup,
  DeploymentRecord,
  DeploymentState,
  EntitySummary,
  EventRecord,
  EventSeverity,
  Evidence,
  HistoryEntry,
  Impact,
  ImpactAnalysis,
  ImpactedItem,
  IncidentRecord,
  IncidentState,
  Page,
  Priority,
  PriorityTarget,
  ProblemRecord,
  ProblemState,
  RecordBase,
  RecordHeadline,
  RecordType,
  ReleaseRecord,
  ReleaseState,
  RiskLevel,
  ServiceLevelAttainment,
  ServiceLevelRecord,
  ServiceLevelState,
  SlaClockState,
  Slo,
  Stage,
  StageTransition,
  Urgency,
} from './types';

export {
  fieldErrorMap,
  fieldErrorsOf,
  fieldErrorsOfResponseBody,
  formatValidationMessage,
  parseOrThrow,
  ValidationError,
} from './validation';
export type { FieldError } from './validation';

export {
  approvalSchema,
  boardQuerySchema,
  createChangeSchema,
  createDeploymentSchema,
  createIncidentSchema,
  createProblemSchema,
  createReleaseSchema,
  createServiceLevelSchema,
  entityRefSchema,
  listQuerySchema,
  priorityTargetSchema,
  priorityTargetsSchema,
  transitionSchema,
  updateChangeSchema,
  updateDeploymentSchema,
  updateIncidentSchema,
  updateProblemSchema,
  updateReleaseSchema,
  updateServiceLevelSchema,
} from './schemas';
export type {
  ApprovalInput,
  BoardQuery,
  CreateChangeInput,
  CreateDeploymentInput,
  CreateIncidentInput,
  CreateProblemInput,
  CreateReleaseInput,
  CreateServiceLevelInput,
  ListQuery,
  RequestBody,
  TransitionInput,
  UpdateChangeInput,
  UpdateDeploymentInput,
  UpdateIncidentInput,
  UpdateProblemInput,
  UpdateReleaseInput,
  UpdateServiceLevelInput,
} from './schemas';

export { isProductionEnvironment } from './environments';

export {
  assertBusinessHours,
  DEFAULT_SLA_TARGETS,
  evaluateSlaBreach,
  markResponded,
  pauseSlaClock,
  remainingMs,
  resumeSlaClock,
  startSlaClock,
} from './slaClock';
export type { SlaRemaining, StartSlaClockOptions } from './slaClock';

export {
  allowedTransitions,
  changeLifecycle,
  checkApproval,
  checkTransition,
  defineLifecycle,
  deploymentLifecycle,
  incidentLifecycle,
  isAwaitingApprovalBy,
  isOpen,
  LIFECYCLES,
  openStates,
  problemLifecycle,
  releaseLifecycle,
  serviceLevelLifecycle,
} from './lifecycle';
export type {
  ApprovalCheckResult,
  Lifecycle,
  LifecycleRecords,
  LifecycleRecordType,
  LifecycleSpec,
  TransitionContext,
  TransitionGuard,
  TransitionKey,
  TransitionPatch,
  TransitionRefusal,
  TransitionResult,
} from './lifecycle';

export {
  DEFAULT_PRIORITY_MATRIX,
  priorityFor,
  readPriorityMatrix,
} from './priority';
export type { PriorityMatrix } from './priority';

export {
  assessChangeRisk,
  CHANGE_RISK_WEIGHTS,
  RISK_LEVEL_THRESHOLDS,
  riskLevelFor,
} from './changeRisk';
export type {
  ChangeRisk,
  ChangeRiskFactor,
  ChangeRiskInput,
  FreezeWindow,
} from './changeRisk';

export {
  computeStage,
  DEFAULT_STAGE_CRITERIA,
  readStageCriteria,
  STAGE_EVIDENCE_KEYS,
  stageIndex,
} from './stage';
export type {
  CriterionStage,
  StageCriterion,
  StageEvidence,
  StageEvidenceKey,
  StageResult,
} from './stage';

export { attainmentIncidentOf, computeAttainment } from './attainment';
export type { AttainmentIncident, AttainmentOptions } from './attainment';

export { recordHeadline } from './recordHeadline';

export {
  changeApprovePermission,
  eventManagePermission,
  recordPermissions,
  RESOURCE_TYPE_VALUE_STREAM_ENTITY,
  serviceLevelAgreePermission,
  valueStreamPermissions,
  valueStreamReadPermission,
} from './permissions';
export type {
  RecordPermissions,
  ValueStreamEntityPermission,
} from './permissions';

export {
  ANNOTATION_ALERT_SELECTOR,
  ANNOTATION_ASSET_COST,
  ANNOTATION_ASSET_EXPIRES,
  ANNOTATION_ASSET_SEATS,
  ANNOTATION_ASSET_TYPE,
  ANNOTATION_ASSET_VENDOR,
  ANNOTATION_GITHUB_PROJECT_SLUG,
  ANNOTATION_MONITORING,
  ANNOTATION_PAGERDUTY_SERVICE_ID,
  ANNOTATION_REQUIRED_ASSETS,
  ANNOTATION_RUNBOOK,
  ANNOTATION_SERVICE_LEVEL_TIER,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_SUPPORT_GROUP,
  ANNOTATION_TECHDOCS_REF,
  annualAssetCost,
  ASSET_COST_PERIODS,
  ASSET_TYPES,
  matchesAlertSelector,
  parseAlertSelector,
  parseAssetCost,
  parseRequiredAssets,
  VALUE_STREAM_ANNOTATIONS,
} from './annotations';
export type { AssetCost, AssetCostPeriod, AssetType } from './annotations';

export {
  isIsoDate,
  KNOWN_VALUE_STREAM_ANNOTATIONS,
  validateValueStreamAnnotations,
  VALUE_STREAM_ANNOTATION_PREFIX,
} from './validateAnnotations';
export type {
  AnnotationProblem,
  ValidateAnnotationsOptions,
} from './validateAnnotations';

export {
  AUTHORIZED_CHANGE_STATES,
  changeAuthorizedAt,
  changeFailureRate,
  deploymentFrequency,
  deploymentTime,
  DORA_THRESHOLDS,
  doraMetrics,
  leadTimeForChanges,
  timeInStage,
  timeToRestore,
  trend,
  workInProgress,
} from './metrics';
export type {
  ChangeFailureRate,
  ChangeFailureRateOptions,
  DeploymentFrequency,
  DoraBand,
  DoraMetrics,
  LeadTimeForChanges,
  LeadTimeSample,
  MetricChange,
  MetricDeployment,
  MetricIncident,
  MetricsBucket,
  MetricsReport,
  MetricsTrendPoint,
  MetricWindow,
  StageTime,
  TimeToRestore,
  TrendAggregate,
  TrendBucket,
  TrendBucketSize,
  TrendOptions,
  TrendPoint,
} from './metrics';

export {
  assetsQuerySchema,
  COLLECTION_RECORD_TYPES,
  COLLECTION_ROUTES,
  COLLECTIONS,
  DEFAULT_EXPIRY_WINDOW_DAYS,
  DEFAULT_IMPACT_DEPTH,
  impactQuerySchema,
  MAX_IMPACT_DEPTH,
  metricsQuerySchema,
  responseSchemaRegistry,
  ROUTES,
  VALUE_STREAM_ROUTES,
  ValueStreamClient,
} from './api';
export type {
  BoardFilter,
  Collection,
  CollectionCreateBodies,
  CollectionRecords,
  CollectionRoutes,
  CollectionUpdateBodies,
  ListEventsQuery,
  ListRecordsQuery,
  MetricsQuery,
  MetricsScope,
  ParsedMetricsQuery,
  TransitionRequest,
  ValueStreamApi,
  ValueStreamClientOptions,
  ValueStreamRoute,
} from './api';
