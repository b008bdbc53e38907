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
  BusinessHours,
  ChangeRecord,
  ChangeRiskFactor,
  ChangeState,
  ChangeType,
  DeploymentRecord,
  DeploymentState,
  EventRecord,
  EventSeverity,
  FieldChange,
  HistoryEntry,
  Impact,
  IncidentRecord,
  IncidentState,
  Priority,
  PriorityTarget,
  ProblemRecord,
  ProblemState,
  RecordBase,
  RecordType,
  ReleaseRecord,
  ReleaseState,
  RiskLevel,
  ServiceLevelRecord,
  ServiceLevelState,
  SlaClockState,
  Slo,
  Stage,
  StageTransition,
  Urgency,
} from './types';
export type {
  AssetsOverview,
  AssetSummary,
  Board,
  BoardColumn,
  BoardItem,
  ChecklistItem,
  CostRollup,
  EntitySummary,
  Evidence,
  ImpactAnalysis,
  ImpactedItem,
  Page,
  RecordHeadline,
  ServiceLevelAttainment,
} from './readModels';

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
  ALERT_ANNOTATION_LIMITS,
  ALERT_LABEL_LIMITS,
  checkDateOrDateTime,
  checkDateTime,
  dateBoundSchema,
  dateTimeSchema,
  labelMapSchema,
  parseDateTime,
  textProblem,
  textSchema,
  wellFormedText,
  withTextRules,
} from './inputRules';
export type { DateTimeCheck, LabelMapLimits, TextKind } from './inputRules';

export type { AssetFields } from './annotations';
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
  mapEventSchema,
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
  authorizationInputsChanged,
  coverageOf,
  DEFAULT_AUTHORIZATION_GRACE_MINUTES,
  deploymentAuthorizationTime,
  implementationSpan,
  judgeDeploymentAuthorization,
  UNAUTHORIZED_DEPLOYMENT_EVENT_TYPE,
} from './deploymentAuthorization';
export type {
  AuthorizationChange,
  AuthorizationCoverage,
  AuthorizationDeployment,
  DeploymentAuthorization,
  DeploymentAuthorizationOptions,
} from './deploymentAuthorization';

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
  checkTransition,
  isOpen,
  LIFECYCLES,
  openStates,
} from './lifecycle';
export type { LifecycleRecords, LifecycleRecordType } from './lifecycle';
export { defineLifecycle } from './lifecycle/defineLifecycle';
export type {
  Lifecycle,
  LifecycleSpec,
  TransitionContext,
  TransitionGuard,
  TransitionKey,
  TransitionPatch,
  TransitionRefusal,
  TransitionResult,
} from './lifecycle/defineLifecycle';
export {
  changeLifecycle,
  checkApproval,
  isAwaitingApprovalBy,
} from './lifecycle/change';
export type { ApprovalCheckResult } from './lifecycle/change';
export { AGREED_SERVICE_LEVEL_TERMS, checkEdit } from './lifecycle/edits';
export type { EditOutcome, EditRefusal, EditResult } from './lifecycle/edits';
export {
  checkNewChange,
  hasDecisions,
  MATERIAL_CHANGE_FIELDS,
  rejectionOf,
} from './lifecycle/changeEdits';
export type { NewChangeCheckResult } from './lifecycle/changeEdits';
export { applyEdit, fieldChanges } from './lifecycle/fieldChanges';
export { checkFieldOrder, FIELD_ORDERS } from './lifecycle/fieldOrder';
export type { FieldOrder } from './lifecycle/fieldOrder';
export { deploymentLifecycle } from './lifecycle/deployment';
export { incidentLifecycle } from './lifecycle/incident';
export { problemLifecycle } from './lifecycle/problem';
export { releaseLifecycle } from './lifecycle/release';
export { serviceLevelLifecycle } from './lifecycle/serviceLevel';

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
export type { ChangeRisk, ChangeRiskInput, FreezeWindow } from './changeRisk';

export { spanOf, spansOverlap } from './plannedWindows';
export type { TimeSpan } from './plannedWindows';
export {
  isWithinMaintenance,
  maintenanceOccurrences,
  maintenanceWindowsOf,
  parseMaintenanceWindows,
} from './maintenanceWindows';
export type {
  ConfiguredMaintenanceWindows,
  MaintenanceOccurrence,
  MaintenanceWindow,
} from './maintenanceWindows';
export {
  checkChangeFreeze,
  checkFreezeOverride,
  FREEZE_GUARDED_STATES,
  hasFreezeOverride,
  overlappingFreezes,
} from './changeFreeze';
export type { ChangeFreezeCheck, FreezeOverrideCheck } from './changeFreeze';
export {
  CONFLICT_HOPS,
  CONFLICT_RELATION_TYPES,
  CONFLICT_RELATIONS,
  conflictRefusal,
  describeConflict,
  entitiesWithinConflictHops,
  findChangeConflicts,
  MAX_CHANGE_CONFLICTS,
} from './changeConflicts';
export type {
  ChangeConflict,
  ConflictCandidate,
  ConflictRelation,
  RelatedEntity,
  RelationLookup,
} from './changeConflicts';

export {
  approvalRequirements,
  changeApprovalStatus,
  DEFAULT_CHANGE_APPROVAL_POLICY,
  describeMissingApprovals,
  isAskedToDecide,
  mayDecide,
} from './changeApprovalPolicy';
export type {
  ApprovalRequirement,
  ApprovalRequirementStatus,
  ChangeApprovalPolicy,
  ChangeApprovalStatus,
  PolicyChange,
  RiskLevelApprovals,
} from './changeApprovalPolicy';
export {
  modelApplies,
  modelUnusable,
  scopeCovers,
  scopeRefusal,
  STANDARD_CHANGE_MODEL_STATES,
  standardChangeRefusals,
  withinRiskCeiling,
} from './standardChanges';
export type {
  ScopeFacts,
  StandardChangeContext,
  StandardChangeModel,
  StandardChangeModelScope,
  StandardChangeModelState,
} from './standardChanges';
export {
  checkModelEdit,
  MATERIAL_MODEL_FIELDS,
  standardChangeModelLifecycle,
} from './lifecycle/standardChangeModel';
export {
  proposeStandardChangeModelSchema,
  standardChangeModelQuerySchema,
  standardChangeModelTransitionSchema,
  updateStandardChangeModelSchema,
} from './api/changeEnablementSchemas';
export type {
  ProposeStandardChangeModelInput,
  StandardChangeModelQuery,
  StandardChangeModelTransitionInput,
  UpdateStandardChangeModelInput,
} from './api/changeEnablementSchemas';
export { CHANGE_ENABLEMENT_ROUTES } from './api/changeEnablementRoutes';

export {
  computeStage,
  DEFAULT_STAGE_CRITERIA,
  FINDING_EVIDENCE_KEYS,
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
  eventIngestPermission,
  eventManagePermission,
  recordPermissions,
  RESOURCE_TYPE_VALUE_STREAM_ENTITY,
  serviceLevelAgreePermission,
  standardChangeModelApprovePermission,
  standardChangeModelProposePermission,
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
  ANNOTATION_MAINTENANCE_WINDOWS,
  ANNOTATION_MONITORING,
  ANNOTATION_PAGERDUTY_SERVICE_ID,
  ANNOTATION_REQUIRED_ASSETS,
  ANNOTATION_RUNBOOK,
  ANNOTATION_SERVICE_LEVEL_TIER,
  ANNOTATION_SLOS,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_SUPPORT_GROUP,
  ANNOTATION_TECHDOCS_REF,
  annualAssetCost,
  assetFieldsOf,
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
  unauthorizedDeployments,
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
  UnauthorizedDeployments,
} from './metrics';

export {
  COLLECTION_BODY_SCHEMAS,
  COLLECTION_RECORD_TYPES,
  COLLECTIONS,
} from './api/collections';
export type {
  Collection,
  CollectionCreateBodies,
  CollectionRecords,
  CollectionUpdateBodies,
  TransitionRequest,
} from './api/collections';
export {
  assetsQuerySchema,
  DEFAULT_EXPIRY_WINDOW_DAYS,
  DEFAULT_IMPACT_DEPTH,
  impactQuerySchema,
  MAX_IMPACT_DEPTH,
  metricsQuerySchema,
} from './api/queries';
export type {
  BoardFilter,
  ListEventsQuery,
  ListRecordsQuery,
  MetricsQuery,
  MetricsScope,
  ParsedMetricsQuery,
} from './api/queries';
export { COLLECTION_ROUTES, ROUTES, VALUE_STREAM_ROUTES } from './api/routes';
export {
  changeCalendarQuerySchema,
  MAX_CALENDAR_DAYS,
  MAX_CALENDAR_ENTITIES,
} from './api/changeCalendarSchemas';
export type {
  ChangeCalendarQuery,
  ChangeCalendarWindows,
  EntityMaintenance,
} from './api/changeCalendarSchemas';
export type { CollectionRoutes, ValueStreamRoute } from './api/routes';
export { ValueStreamClient } from './api/ValueStreamClient';
export type {
  ValueStreamApi,
  ValueStreamClientOptions,
} from './api/ValueStreamClient';
export { countByPriority, doraKeysOf, entityScorecard } from './scorecard';
export type { DoraKeys, EntityScorecard } from './scorecard';
// Through the read models and insights, so that all are registered.
export { responseSchemaRegistry } from './api/insightSchemas';

export {
  DEFAULT_SLO_ALERT_POLICIES,
  DEFAULT_SLO_SOURCE,
  MAX_SLO_WINDOW_MS,
  parseSloDeclarations,
  parseSloDuration,
  SLI_RESOLUTION_MS,
  SLO_ALERT_SEVERITIES,
  SLO_OPERATORS,
  sloDeclarationSchema,
  sloDeclarationsSchema,
  toSloDefinition,
} from './slo/declaration';
export type {
  BurnRateCondition,
  SloAlertPolicy,
  SloDeclarationInput,
  SloDefinition,
  SloTimeWindow,
} from './slo/declaration';
export {
  bucketStart,
  budgetBurndown,
  burnRate,
  burnRateOver,
  burnRateStateOf,
  evaluateBurnRateCondition,
  evaluateSlo,
  evaluateSloAlerts,
  formatSloWindow,
  remainingErrorBudget,
  sliOf,
  sloWindowBounds,
  thresholdSliceIsGood,
  windowTotals,
} from './slo/errorBudget';
export type {
  BurnRateConditionState,
  BurnRateState,
  SliBucket,
  SloAlertPolicyState,
  SloEvaluation,
  WindowTotals,
} from './slo/errorBudget';
export {
  SLO_SORTS,
  SLO_STATES,
  sloList,
  sloQuerySchema,
  sloStatusSchema,
} from './api/sloSchemas';
export type {
  ParsedSloQuery,
  SloList,
  SloQuery,
  SloState,
  SloStatus,
} from './api/sloSchemas';
export {
  checkErrorBudgetPolicy,
  describeExhaustedBudgets,
  exhaustedErrorBudgets,
} from './slo/errorBudgetPolicy';
export type {
  ErrorBudgetPolicyCheck,
  ExhaustedErrorBudget,
} from './slo/errorBudgetPolicy';
