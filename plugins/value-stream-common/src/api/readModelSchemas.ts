import { z } from 'zod';
import { RECORD_TYPES, STAGES, type StageTransition } from '../types';
import {
  type Board,
  type BoardColumn,
  type BoardItem,
  type ChecklistItem,
  type EntitySummary,
  type Evidence,
  type ImpactAnalysis,
  type ImpactedItem,
  type ServiceLevelAttainment,
} from '../readModels';
import {
  changeRecord,
  dateTime,
  deploymentRecord,
  entityRef,
  incidentRecord,
  problemRecord,
  releaseRecord,
  responseSchemaRegistry,
  same,
  serviceLevelRecord,
} from './responseSchemas';

/*
 * The read models of the summary, history, board and impact operations, in
 * the same registry as the records and held to their interfaces the same way.
 */

/** The registry with the records and these read models. */
export { responseSchemaRegistry };

export const stage = z
  .enum(STAGES)
  .register(responseSchemaRegistry, { id: 'Stage' });

export const stageTransition = z
  .object({
    entityRef,
    from: stage.nullable(),
    to: stage,
    at: dateTime,
  })
  .register(responseSchemaRegistry, { id: 'StageTransition' });

const evidence = z
  .object({
    label: z.string(),
    recordType: z.enum(RECORD_TYPES).optional(),
    recordId: z.string().optional(),
    url: z.string().optional(),
    entityRef: entityRef.optional(),
  })
  .register(responseSchemaRegistry, { id: 'Evidence' });

const checklistItem = z
  .object({
    id: z.string(),
    stage,
    label: z.string(),
    met: z.boolean(),
    evidence: z.array(evidence),
    gap: z.boolean(),
  })
  .register(responseSchemaRegistry, { id: 'ChecklistItem' });

export const serviceLevelAttainment = z
  .object({
    serviceLevel: serviceLevelRecord,
    windowDays: z.number().int(),
    availability: z.number(),
    responseAttainment: z.number(),
    resolutionAttainment: z.number(),
    breaches: z.number().int(),
    errorBudgetRemaining: z.number(),
  })
  .register(responseSchemaRegistry, { id: 'ServiceLevelAttainment' });

// Headlines: a record without its history, creator and last update.
const HEADLINE = { history: true, createdBy: true, updatedAt: true } as const;
const changeHeadline = changeRecord
  .omit(HEADLINE)
  .register(responseSchemaRegistry, { id: 'ChangeHeadline' });
const releaseHeadline = releaseRecord
  .omit(HEADLINE)
  .register(responseSchemaRegistry, { id: 'ReleaseHeadline' });
const deploymentHeadline = deploymentRecord
  .omit(HEADLINE)
  .register(responseSchemaRegistry, { id: 'DeploymentHeadline' });
const incidentHeadline = incidentRecord
  .omit(HEADLINE)
  .register(responseSchemaRegistry, { id: 'IncidentHeadline' });
const problemHeadline = problemRecord
  .omit(HEADLINE)
  .register(responseSchemaRegistry, { id: 'ProblemHeadline' });

export const entitySummary = z
  .object({
    entityRef,
    stage,
    stageSince: dateTime.optional(),
    checklist: z.array(checklistItem),
    serviceLevels: z.array(serviceLevelAttainment),
    openChanges: z.array(changeHeadline),
    recentReleases: z.array(releaseHeadline),
    latestDeployments: z.array(deploymentHeadline),
    recentDeployments: z.array(deploymentHeadline),
    openIncidents: z.array(incidentHeadline),
    openProblems: z.array(problemHeadline),
  })
  .meta({
    description:
      'Everything the entity tab shows. Its records are headlines: they leave out history, createdBy and updatedAt, which GET /{collection}/{id} gives with the full record.',
  })
  .register(responseSchemaRegistry, { id: 'EntitySummary' });

const boardItem = z
  .object({
    entityRef,
    title: z.string(),
    kind: z.string(),
    owner: z.string().optional(),
    system: z.string().optional(),
    lifecycle: z.string().optional(),
    stage,
    stageSince: dateTime.optional(),
    gaps: z.number().int(),
    openIncidents: z.number().int(),
    breachedIncidents: z.number().int(),
    openChanges: z.number().int(),
    productionVersion: z.string().optional(),
  })
  .register(responseSchemaRegistry, { id: 'BoardItem' });

const boardColumn = z
  .object({
    stage,
    total: z
      .number()
      .int()
      .meta({ description: 'Services in this stage that match the filters' }),
    items: z
      .array(boardItem)
      .meta({ description: 'The page of services, in title order' }),
    nextCursor: z
      .string()
      .optional()
      .meta({ description: 'Continues this column, given with its stage' }),
  })
  .register(responseSchemaRegistry, { id: 'BoardColumn' });

export const board = z
  .object({ columns: z.array(boardColumn) })
  .register(responseSchemaRegistry, { id: 'Board' });

const impactedItem = z
  .object({
    entityRef,
    kind: z.string(),
    title: z.string().optional(),
    depth: z
      .number()
      .int()
      .meta({ description: 'Hops from the analysed entity' }),
    path: z.array(z.string()).meta({
      description:
        'Entity refs from the analysed entity to this one, both ends included',
    }),
    relations: z.array(z.string()).meta({
      description: 'The relation types along the path, one per hop',
    }),
  })
  .register(responseSchemaRegistry, { id: 'ImpactedItem' });

export const impactAnalysis = z
  .object({
    entityRef,
    depth: z.number().int(),
    upstream: z.array(impactedItem),
    downstream: z.array(impactedItem),
  })
  .register(responseSchemaRegistry, { id: 'ImpactAnalysis' });

// The compiler holds each schema to its interface, both ways.
same<z.output<typeof stageTransition>, StageTransition>(true);
same<z.output<typeof evidence>, Evidence>(true);
same<z.output<typeof checklistItem>, ChecklistItem>(true);
same<z.output<typeof serviceLevelAttainment>, ServiceLevelAttainment>(true);
same<z.output<typeof entitySummary>, EntitySummary>(true);
same<z.output<typeof boardItem>, BoardItem>(true);
same<z.output<typeof boardColumn>, BoardColumn>(true);
same<z.output<typeof board>, Board>(true);
same<z.output<typeof impactedItem>, ImpactedItem>(true);
same<z.output<typeof impactAnalysis>, ImpactAnalysis>(true);
