import { z } from 'zod';
import type { Stage } from './types';
import type { ChecklistItem, Evidence } from './readModels';
import { STAGES } from './types';
import { formatValidationMessage } from './validation';

/**
 * What the backend gathers about one catalog entity to place it in the value
 * stream. Each piece of evidence links to where it lives (a record, TechDocs,
 * the repository) so the checklist can show it; absent means not there.
 * @public
 */
export interface StageEvidence {
  /** `spec.lifecycle` of the entity: `production` and `deprecated` matter. */
  lifecycle?: string;
  owner?: Evidence;
  /** A change with `proposesService` for this entity. */
  proposingChange?: Evidence;
  agreedServiceLevel?: Evidence;
  /** The system the entity is part of: its CI model in the catalog. */
  system?: Evidence;
  /** How many entities it depends on (`dependsOn` relations). */
  dependencyCount?: number;
  /** Design documentation (`backstage.io/techdocs-ref`). */
  techdocsRef?: Evidence;
  /** A change that passed authorization (scheduled or later, not failed). */
  authorizedChange?: Evidence;
  /** `backstage.io/source-location` or `github.com/project-slug`. */
  sourceLocation?: Evidence;
  plannedRelease?: Evidence;
  /**
   * The assets named by `valuestream.io/required-assets`, when all are in the
   * catalog (an empty list when none are required); false when some are missing.
   */
  requiredAssetsRecorded?: boolean | Evidence[];
  readyRelease?: Evidence;
  /** A successful deployment to a production environment. */
  productionDeployment?: Evidence;
  supportGroup?: Evidence;
  runbook?: Evidence;
  monitoring?: Evidence;
  /**
   * A finding, not a proof: the unauthorized production deployments of the
   * last days (`valueStream.unauthorizedDeployments.gapDays`). A criterion
   * on it is met while it is empty or absent.
   */
  unauthorizedDeployments?: Evidence[];
}

/**
 * The kinds of evidence a criterion can ask for.
 * @public
 */
export type StageEvidenceKey = Exclude<keyof StageEvidence, 'lifecycle'>;

/** @public */
export const STAGE_EVIDENCE_KEYS = [
  'owner',
  'proposingChange',
  'agreedServiceLevel',
  'system',
  'dependencyCount',
  'techdocsRef',
  'authorizedChange',
  'sourceLocation',
  'plannedRelease',
  'requiredAssetsRecorded',
  'readyRelease',
  'productionDeployment',
  'supportGroup',
  'runbook',
  'monitoring',
  'unauthorizedDeployments',
] as const satisfies readonly StageEvidenceKey[];

/**
 * The kinds of evidence that tell against a service rather than for it. A
 * criterion on one is a standing rule, not a step: it is met while that
 * evidence lists nothing; unmet, it is a gap in every stage but `retired`
 * (whatever the stage it is listed under), and it never holds a service
 * in a stage.
 * @public
 */
export const FINDING_EVIDENCE_KEYS: readonly StageEvidenceKey[] = [
  'unauthorizedDeployments',
];

/**
 * Stages a criterion can belong to; `retired` comes from the lifecycle only.
 * @public
 */
export type CriterionStage = Exclude<Stage, 'retired'>;

/**
 * One exit criterion: the service leaves `stage` once every criterion of that
 * stage is met. Criteria of `operate` are the support-readiness checklist,
 * shown but never moving the service.
 * @public
 */
export interface StageCriterion {
  id: string;
  stage: CriterionStage;
  label: string;
  evidence: StageEvidenceKey;
  /**
   * Meeting this criterion alone proves the service got past its stage
   * (a ready release means testing is done), whatever earlier gaps remain.
   */
  proves?: boolean;
}

/**
 * The default criteria of each stage, in order (docs/decisions.md says how
 * the stage is computed from them).
 * @public
 */
export const DEFAULT_STAGE_CRITERIA: readonly StageCriterion[] = [
  { id: 'owner', stage: 'demand', label: 'An owner', evidence: 'owner' },
  {
    id: 'proposing-change',
    stage: 'demand',
    label: 'A change that proposes the service, taken into assessment',
    evidence: 'proposingChange',
  },
  {
    id: 'agreed-service-level',
    stage: 'design',
    label: 'An agreed service level',
    evidence: 'agreedServiceLevel',
  },
  {
    id: 'ci-model',
    stage: 'design',
    label: 'Part of a system in the catalog',
    evidence: 'system',
  },
  {
    id: 'design-docs',
    stage: 'design',
    label: 'Design documentation (TechDocs)',
    evidence: 'techdocsRef',
  },
  {
    id: 'authorized-change',
    stage: 'design',
    label: 'An authorized change',
    evidence: 'authorizedChange',
  },
  {
    id: 'source-location',
    stage: 'build',
    label: 'A source location',
    evidence: 'sourceLocation',
  },
  {
    id: 'planned-release',
    stage: 'build',
    label: 'A planned release',
    evidence: 'plannedRelease',
  },
  {
    id: 'required-assets',
    stage: 'build',
    label: 'Required assets recorded',
    evidence: 'requiredAssetsRecorded',
  },
  {
    id: 'ready-release',
    stage: 'test',
    label: 'A release marked ready',
    evidence: 'readyRelease',
    proves: true,
  },
  {
    id: 'production-deployment',
    stage: 'deploy',
    label: 'A successful production deployment',
    evidence: 'productionDeployment',
    proves: true,
  },
  {
    id: 'authorized-deployments',
    stage: 'deploy',
    label: 'An authorized change for each recent production deployment',
    evidence: 'unauthorizedDeployments',
  },
  {
    id: 'support-group',
    stage: 'operate',
    label: 'A support group',
    evidence: 'supportGroup',
  },
  { id: 'runbook', stage: 'operate', label: 'A runbook', evidence: 'runbook' },
  {
    id: 'monitoring',
    stage: 'operate',
    label: 'Monitoring mapped',
    evidence: 'monitoring',
  },
];

/**
 * The position of a stage in the value stream, for comparisons.
 * @public
 */
export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}

function later(a: Stage, b: Stage): Stage {
  return stageIndex(a) >= stageIndex(b) ? a : b;
}

function nextStage(stage: CriterionStage): Stage {
  return stage === 'operate' ? 'operate' : STAGES[stageIndex(stage) + 1];
}

type EvidenceValue = StageEvidence[StageEvidenceKey];

function isFinding(key: StageEvidenceKey): boolean {
  return FINDING_EVIDENCE_KEYS.includes(key);
}

function isMet(key: StageEvidenceKey, value: EvidenceValue): boolean {
  if (isFinding(key)) {
    return evidenceList(value).length === 0;
  }
  return typeof value === 'number' ? value > 0 : Boolean(value);
}

function evidenceList(value: EvidenceValue): Evidence[] {
  if (Array.isArray(value)) {
    return value;
  }
  return typeof value === 'object' && value ? [value] : [];
}

/**
 * Where a service stands and its checklist.
 * @public
 */
export interface StageResult {
  stage: Stage;
  checklist: ChecklistItem[];
}

/**
 * Places a service in the value stream: the first stage whose exit criteria
 * are unmet, unless later evidence says it is further along (a proving
 * criterion is met, or it is `lifecycle: production` and no change tracks
 * its introduction), in which case the unmet criteria behind it are gaps.
 * `lifecycle: deprecated` is `retired`. Criteria on findings
 * ({@link FINDING_EVIDENCE_KEYS}) never hold a service back; unmet, they are
 * gaps in any stage.
 * @public
 */
export function computeStage(
  evidence: StageEvidence,
  criteria: readonly StageCriterion[] = DEFAULT_STAGE_CRITERIA,
): StageResult {
  const items = criteria.map(c => ({
    c,
    met: isMet(c.evidence, evidence[c.evidence]),
    finding: isFinding(c.evidence),
  }));

  let stage: Stage;
  if (evidence.lifecycle === 'deprecated') {
    stage = 'retired';
  } else {
    const blocking = items
      .filter(
        ({ c, met, finding }) => !met && !finding && c.stage !== 'operate',
      )
      .map(({ c }) => c.stage)
      .sort((a, b) => stageIndex(a) - stageIndex(b));
    stage = blocking[0] ?? 'operate';
    for (const { c, met } of items) {
      if (met && c.proves) {
        stage = later(stage, nextStage(c.stage));
      }
    }
    // A service already live when the suite was installed has no records of
    // its introduction; it is operating, with its missing evidence as gaps.
    if (evidence.lifecycle === 'production' && !evidence.proposingChange) {
      stage = 'operate';
    }
  }

  const checklist = items
    .map(({ c, met, finding }) => ({
      id: c.id,
      stage: c.stage,
      label: c.label,
      met,
      evidence: evidenceList(evidence[c.evidence]),
      gap:
        !met &&
        stage !== 'retired' &&
        (finding || stageIndex(c.stage) < stageIndex(stage)),
    }))
    .sort((a, b) => stageIndex(a.stage) - stageIndex(b.stage));
  return { stage, checklist };
}

const criterionStage = z.enum(
  STAGES.filter((s): s is CriterionStage => s !== 'retired') as [
    CriterionStage,
    ...CriterionStage[],
  ],
);

const criteriaConfig = z.array(
  z
    .object({
      id: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]*$/, 'Lower-case letters, digits and -'),
      label: z.string().trim().min(1).max(200).optional(),
      stage: criterionStage.optional(),
      evidence: z.enum(STAGE_EVIDENCE_KEYS).optional(),
      proves: z.boolean().optional(),
      enabled: z.boolean().optional(),
    })
    .strict(),
);

/**
 * Reads adopters' changes to the criteria table from config
 * (`valueStream.stageCriteria`): a list of entries by `id` that relabel,
 * move or disable (`enabled: false`) a default criterion, or add one with
 * `stage`, `label` and a known `evidence` key. Throws naming the bad entry.
 * @public
 */
export function readStageCriteria(value: unknown): StageCriterion[] {
  if (value === undefined || value === null) {
    return [...DEFAULT_STAGE_CRITERIA];
  }
  const parsed = criteriaConfig.safeParse(value);
  if (!parsed.success) {
    throw new TypeError(
      formatValidationMessage('stage criteria', parsed.error),
    );
  }
  const criteria = DEFAULT_STAGE_CRITERIA.map(c => ({ ...c }));
  const disabled = new Set<string>();
  const seen = new Set<string>();
  parsed.data.forEach((entry, index) => {
    const fail = (reason: string) => {
      throw new TypeError(`Invalid stage criteria: ${index}: ${reason}`);
    };
    if (seen.has(entry.id)) {
      fail(`criterion "${entry.id}" is listed twice`);
    }
    seen.add(entry.id);
    const { enabled, ...fields } = entry;
    const existing = criteria.find(c => c.id === entry.id);
    if (existing) {
      Object.assign(
        existing,
        Object.fromEntries(
          Object.entries(fields).filter(([, v]) => v !== undefined),
        ),
      );
    } else if (fields.stage && fields.label && fields.evidence) {
      criteria.push({
        id: fields.id,
        stage: fields.stage,
        label: fields.label,
        evidence: fields.evidence,
        ...(fields.proves !== undefined ? { proves: fields.proves } : {}),
      });
    } else if (enabled !== false) {
      fail(`new criterion "${entry.id}" needs stage, label and evidence`);
    }
    if (enabled === false) {
      disabled.add(entry.id);
    }
  });
  return criteria
    .filter(c => !disabled.has(c.id))
    .sort((a, b) => stageIndex(a.stage) - stageIndex(b.stage));
}
