import { z } from 'zod';
import {
  APPROVAL_DECISIONS,
  CHANGE_STATES,
  CHANGE_TYPES,
  DEPLOYMENT_STATES,
  EVENT_SEVERITIES,
  IMPACTS,
  INCIDENT_STATES,
  PRIORITIES,
  PROBLEM_STATES,
  RELEASE_STATES,
  RISK_LEVELS,
  SERVICE_LEVEL_STATES,
  URGENCIES,
  type Approval,
  type ChangeRecord,
  type ChangeRiskFactor,
  type DeploymentRecord,
  type EventRecord,
  type FieldChange,
  type HistoryEntry,
  type IncidentRecord,
  type ProblemRecord,
  type RecordBase,
  type ReleaseRecord,
  type ServiceLevelRecord,
  type SlaClockState,
} from '../types';
import { CONFLICT_RELATIONS, type ChangeConflict } from '../changeConflicts';
import { type Page } from '../readModels';
import type { FieldError } from '../validation';

/*
 * The response bodies of the record and event operations as zod schemas,
 * for the OpenAPI document. Each mirrors its interface in types.ts, and the
 * checks at the end make the compiler refuse any difference between the two.
 * The read models (summary, board, impact) are in readModelSchemas.ts.
 */

/**
 * The response schemas by OpenAPI component name.
 * @public
 */
export const responseSchemaRegistry = z.registry<{ id: string }>();

export const dateTime = z.string().meta({ format: 'date-time' });
export const entityRef = z.string().meta({
  description: 'Catalog entity ref, e.g. `component:default/checkout`',
  example: 'component:default/checkout',
});

const fieldChange = z
  .object({
    field: z.string(),
    before: z.unknown().meta({
      description: 'The value before the edit; null when it was absent',
    }),
    after: z.unknown().meta({
      description: 'The value after the edit; null when it is cleared',
    }),
  })
  .register(responseSchemaRegistry, { id: 'FieldChange' });

export const historyEntry = z
  .object({
    at: dateTime,
    by: z.string(),
    from: z.string().nullable(),
    to: z.string(),
    note: z.string().optional(),
    changes: z.array(fieldChange).optional().meta({
      description:
        'The fields an edit changed; an edit that leaves the state where it was has from equal to to',
    }),
  })
  .register(responseSchemaRegistry, { id: 'HistoryEntry' });

const recordBase = z.object({
  id: z.string(),
  entityRef,
  createdAt: dateTime,
  updatedAt: dateTime,
  createdBy: z.string().meta({
    description: 'Entity ref of the user or service that created the record',
  }),
  version: z.number().int().min(1).meta({
    description: 'Optimistic concurrency: send it back with an update',
  }),
  history: z.array(historyEntry),
});

const approval = z
  .object({
    id: z.string(),
    changeId: z.string(),
    approver: entityRef,
    decision: z.enum(APPROVAL_DECISIONS),
    comment: z.string().optional(),
    freezeOverride: z.boolean().optional().meta({
      description:
        'An approval by the change authority that lets the change through a change freeze',
    }),
    at: dateTime,
    approverGroups: z.array(entityRef).optional().meta({
      description:
        "The approver's groups when they decided; the approval policy counts the decision by them",
    }),
  })
  .register(responseSchemaRegistry, { id: 'Approval' });

const changeConflict = z
  .object({
    changeId: z.string(),
    title: z.string(),
    entityRef,
    type: z.enum(CHANGE_TYPES),
    state: z.enum(CHANGE_STATES),
    plannedStart: dateTime,
    plannedEnd: dateTime.optional(),
    hops: z.number().int().min(0).meta({
      description: '0 for the same entity, else the catalog hops between them',
    }),
    relation: z.enum(CONFLICT_RELATIONS),
    via: entityRef.optional().meta({
      description: 'The entity between the two, for two hops',
    }),
  })
  .register(responseSchemaRegistry, { id: 'ChangeConflict' });

const riskFactor = z
  .object({
    id: z.string(),
    points: z.number().int(),
    reason: z.string(),
  })
  .register(responseSchemaRegistry, { id: 'ChangeRiskFactor' });

export const changeRecord = recordBase
  .extend({
    title: z.string(),
    description: z.string(),
    type: z.enum(CHANGE_TYPES),
    state: z.enum(CHANGE_STATES),
    requestedBy: entityRef,
    plannedStart: dateTime.optional(),
    plannedEnd: dateTime.optional(),
    riskScore: z.number().int().min(0).max(100).optional(),
    riskLevel: z.enum(RISK_LEVELS).optional(),
    riskFactors: z.array(riskFactor).optional(),
    conflicts: z.array(changeConflict).optional().meta({
      description:
        'Other open changes whose windows overlap this one on the same entity or within two catalog hops, as found when the change was last created, edited or scheduled',
    }),
    proposesService: z.boolean(),
    approvals: z.array(approval),
    standardChangeModelId: z.string().optional().meta({
      description:
        'The standard-change model that pre-authorized this standard change',
    }),
  })
  .register(responseSchemaRegistry, { id: 'ChangeRecord' });

export const releaseRecord = recordBase
  .extend({
    releaseVersion: z.string(),
    title: z.string(),
    state: z.enum(RELEASE_STATES),
    changeIds: z.array(z.string()),
    gitTag: z.string().optional(),
    gitSha: z.string().optional(),
    url: z.string().optional(),
    externalId: z.string().optional(),
  })
  .register(responseSchemaRegistry, { id: 'ReleaseRecord' });

export const deploymentRecord = recordBase
  .extend({
    environment: z.string(),
    production: z.boolean(),
    deployedVersion: z.string(),
    state: z.enum(DEPLOYMENT_STATES),
    startedAt: dateTime.optional(),
    finishedAt: dateTime.optional(),
    releaseId: z.string().optional(),
    changeId: z.string().optional(),
    gitSha: z.string().optional(),
    url: z.string().optional(),
    externalId: z.string().optional(),
    unauthorized: z.boolean().optional().meta({
      description:
        'True for a production deployment that no authorized change covered when it was recorded: no change of the entity in scheduled, implement, review, closed or failed whose planned window or implementation (widened by valueStream.unauthorizedDeployments.graceMinutes) contains its time (startedAt, else finishedAt, else createdAt). Judged again when its production flag or time is edited. Present on every deployment the backend answers with.',
    }),
    unauthorizedReason: z.string().optional().meta({
      description: 'Why the deployment is unauthorized, in words',
    }),
  })
  .register(responseSchemaRegistry, { id: 'DeploymentRecord' });

const businessHours = z.object({
  zone: z.string(),
  startHour: z.number().int(),
  endHour: z.number().int(),
  days: z.array(z.number().int()),
});

const slaClockState = z
  .object({
    responseDueAt: dateTime.optional(),
    resolutionDueAt: dateTime.optional(),
    respondedAt: dateTime.optional(),
    pausedAt: dateTime.optional(),
    pausedMs: z.number().int(),
    responseBreached: z.boolean(),
    resolutionBreached: z.boolean(),
    businessHours: businessHours.optional(),
  })
  .register(responseSchemaRegistry, { id: 'SlaClockState' });

export const incidentRecord = recordBase
  .extend({
    title: z.string(),
    description: z.string(),
    state: z.enum(INCIDENT_STATES),
    impact: z.enum(IMPACTS),
    urgency: z.enum(URGENCIES),
    priority: z.enum(PRIORITIES),
    major: z.boolean(),
    reporter: entityRef,
    contactChannel: z.string().optional(),
    assignee: entityRef.optional(),
    waitingOnReporter: z.boolean(),
    causedByChangeId: z.string().optional(),
    problemId: z.string().optional(),
    knowledgeLinks: z.array(z.string()),
    resolvedAt: dateTime.optional(),
    resolutionNote: z.string().optional(),
    sla: slaClockState,
    source: z.enum(['portal', 'alertmanager', 'pagerduty']).optional(),
    externalId: z.string().optional(),
    externalUrl: z.string().optional(),
  })
  .register(responseSchemaRegistry, { id: 'IncidentRecord' });

export const problemRecord = recordBase
  .extend({
    title: z.string(),
    description: z.string(),
    state: z.enum(PROBLEM_STATES),
    rootCause: z.string().optional(),
    workaround: z.string().optional(),
    incidentIds: z.array(z.string()),
  })
  .register(responseSchemaRegistry, { id: 'ProblemRecord' });

const priorityTarget = z
  .object({
    responseMinutes: z.number().int().min(1),
    resolutionMinutes: z.number().int().min(1),
  })
  .register(responseSchemaRegistry, { id: 'PriorityTarget' });

const slo = z
  .object({
    name: z.string(),
    objectivePercent: z.number(),
    description: z.string().optional(),
  })
  .register(responseSchemaRegistry, { id: 'Slo' });

export const serviceLevelRecord = recordBase
  .extend({
    name: z.string(),
    tier: z.string().optional(),
    state: z.enum(SERVICE_LEVEL_STATES),
    availabilityTarget: z.number(),
    targets: z
      .object({
        P1: priorityTarget,
        P2: priorityTarget,
        P3: priorityTarget,
        P4: priorityTarget,
      })
      .register(responseSchemaRegistry, { id: 'PriorityTargets' }),
    slos: z.array(slo),
    agreedBy: entityRef.optional(),
    agreedAt: dateTime.optional(),
    fromAnnotation: z.boolean(),
  })
  .register(responseSchemaRegistry, { id: 'ServiceLevelRecord' });

export const eventRecord = z
  .object({
    id: z.string(),
    entityRef: z.string().nullable(),
    source: z.enum(['alertmanager', 'github', 'pagerduty', 'portal']),
    fingerprint: z.string(),
    severity: z.enum(EVENT_SEVERITIES),
    status: z.enum(['firing', 'resolved']),
    summary: z.string(),
    labels: z.record(z.string(), z.string()),
    startsAt: dateTime,
    endsAt: dateTime.optional(),
    incidentId: z.string().optional(),
    receivedAt: dateTime,
  })
  .register(responseSchemaRegistry, { id: 'EventRecord' });

export function page<T extends z.ZodType>(items: T, id: string) {
  return z
    .object({
      items: z.array(items),
      nextCursor: z.string().optional().meta({
        description: 'Opaque cursor of the next page; absent on the last page',
      }),
    })
    .register(responseSchemaRegistry, { id });
}

/** The record each collection's operations answer with. */
export const COLLECTION_RECORD_SCHEMAS = {
  changes: changeRecord,
  releases: releaseRecord,
  deployments: deploymentRecord,
  incidents: incidentRecord,
  problems: problemRecord,
  'service-levels': serviceLevelRecord,
};

/** The page each collection's list operation answers with. */
export const COLLECTION_PAGE_SCHEMAS = {
  changes: page(changeRecord, 'ChangePage'),
  releases: page(releaseRecord, 'ReleasePage'),
  deployments: page(deploymentRecord, 'DeploymentPage'),
  incidents: page(incidentRecord, 'IncidentPage'),
  problems: page(problemRecord, 'ProblemPage'),
  'service-levels': page(serviceLevelRecord, 'ServiceLevelPage'),
};
export const eventPage = page(eventRecord, 'EventPage');

const fieldError = z.object({
  path: z.string().meta({
    description: 'Dotted path of the field, `(root)` for the whole value',
  }),
  message: z.string(),
});

/** The Backstage error body; a 400 of a schema also lists its fields. */
z.object({
  error: z.object({
    name: z.string(),
    message: z.string(),
    fields: z.array(fieldError).optional().meta({
      description:
        'On a 400 for a body or query that fails its schema: each field and why (ValidationError of -common)',
    }),
  }),
  request: z
    .object({ method: z.string(), url: z.string() })
    .partial()
    .optional(),
  response: z.object({ statusCode: z.number().int() }),
}).register(responseSchemaRegistry, { id: 'Error' });

// The compiler holds each schema to its interface, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compiles only when `A` and `B` are the same type. */
export function same<A, B>(ok: Same<A, B>): void {
  void ok;
}
same<z.output<typeof fieldChange>, FieldChange>(true);
same<z.output<typeof historyEntry>, HistoryEntry>(true);
same<z.output<typeof riskFactor>, ChangeRiskFactor>(true);
same<z.output<typeof recordBase>, RecordBase>(true);
same<z.output<typeof approval>, Approval>(true);
same<z.output<typeof changeConflict>, ChangeConflict>(true);
same<z.output<typeof changeRecord>, ChangeRecord>(true);
same<z.output<typeof releaseRecord>, ReleaseRecord>(true);
same<z.output<typeof deploymentRecord>, DeploymentRecord>(true);
same<z.output<typeof slaClockState>, SlaClockState>(true);
same<z.output<typeof incidentRecord>, IncidentRecord>(true);
same<z.output<typeof problemRecord>, ProblemRecord>(true);
same<z.output<typeof serviceLevelRecord>, ServiceLevelRecord>(true);
same<z.output<typeof eventRecord>, EventRecord>(true);
same<z.output<typeof eventPage>, Page<EventRecord>>(true);
same<z.output<typeof fieldError>, FieldError>(true);
