/*
 * The demo's standard-change catalog: models the change advisory board
 * approved long before the demo's history starts, one still waiting for
 * approval and one retired, and which model a demo standard change follows.
 * Approvals carry the groups of the example organisation, so that the
 * demo's approval policy counts them as it counts real ones.
 */
import {
  modelApplies,
  type StandardChangeModel,
} from '@valuestream/plugin-value-stream-common';
import type { NewStandardChangeModel } from '../database/StandardChangeModelStore';
import { DAY, type DemoStep } from './demoModel';

const CAB = 'group:default/change-advisory-board';
const ECAB = 'group:default/emergency-change-advisory-board';

/** The groups of the example organisation's approvers. */
const APPROVER_GROUPS: Record<string, string[]> = {
  'user:default/margaret-oconnor': [CAB, ECAB],
  'user:default/rebecca-stein': [CAB],
  'user:default/tomasz-kowalski': [
    'group:default/platform',
    'group:default/sre',
    CAB,
  ],
  'user:default/jade-thompson': ['group:default/sre', ECAB],
};

/** The approvers on ECAB, who approve the demo's emergency changes. */
export const ECAB_APPROVERS = ['user:default/margaret-oconnor'];

/** An approval with the approver's groups, as the backend records one. */
export function withGroups<T extends { approver: string }>(
  approval: T,
): T & { approverGroups?: string[] } {
  const groups = APPROVER_GROUPS[approval.approver];
  return groups ? { ...approval, approverGroups: groups } : approval;
}

/** A planned model, and the titles of the changes that follow it. */
export interface DemoModel {
  key: string;
  at: string;
  by: string;
  input: NewStandardChangeModel;
  steps: DemoStep[];
  titles: string[];
}

interface ModelSpec {
  key: string;
  name: string;
  description: string;
  scope: StandardChangeModel['scope'];
  riskCeiling: StandardChangeModel['riskCeiling'];
  titles: string[];
  /** What the board did with it. */
  outcome: 'approved' | 'proposed' | 'retired';
  /** Days from now to its review (negative: overdue). */
  reviewInDays: number;
}

const SPECS: ModelSpec[] = [
  {
    key: 'model-runtime-patch',
    name: 'Patch the runtime within its minor version',
    description:
      'Roll the service onto the latest patch release of its runtime through the pipeline: canary first, then the rest; roll back by redeploying the previous image.',
    scope: { kinds: ['component'], systems: [], owners: [] },
    riskCeiling: 'medium',
    titles: [
      'Patch the TLS library',
      'Upgrade the runtime to the current patch release',
      'Apply the base image security patches',
    ],
    outcome: 'approved',
    reviewInDays: 60,
  },
  {
    key: 'model-credential-rotation',
    name: 'Rotate credentials through the vault',
    description:
      'Issue new database and API credentials in the vault, roll the pods to pick them up, then revoke the old ones after an hour.',
    scope: {
      kinds: [],
      systems: [],
      owners: [
        'group:default/checkout',
        'group:default/payments',
        'group:default/platform',
      ],
    },
    riskCeiling: 'medium',
    titles: ['Rotate database credentials', 'Rotate the payment API keys'],
    outcome: 'approved',
    // The board is late with this one's review.
    reviewInDays: -5,
  },
  {
    key: 'model-autoscaling',
    name: 'Tune autoscaling within the agreed bounds',
    description:
      'Change the minimum and maximum replicas and the target utilisation within the bounds the capacity plan allows.',
    scope: { kinds: ['component'], systems: [], owners: [] },
    riskCeiling: 'low',
    titles: [],
    outcome: 'proposed',
    reviewInDays: 90,
  },
  {
    key: 'model-manual-restart',
    name: 'Restart a service by hand',
    description:
      'Restart all pods of a service from the console. Retired: the runbooks restart services through the pipeline now.',
    scope: { kinds: ['component'], systems: [], owners: [] },
    riskCeiling: 'low',
    titles: [],
    outcome: 'retired',
    reviewInDays: 30,
  },
];

/** The demo's models, proposed and decided before its oldest change. */
export function planDemoModels(
  now: number,
  iso: (time: number) => string,
): DemoModel[] {
  const proposedAt = now - 400 * DAY;
  const proposer = 'user:default/priya-raman';
  const approver = 'user:default/margaret-oconnor';
  return SPECS.map((spec, i): DemoModel => {
    const at = proposedAt + i * DAY;
    const steps: DemoStep[] = [];
    if (spec.outcome !== 'proposed') {
      steps.push({
        to: 'approved',
        at: iso(at + 3 * DAY),
        by: approver,
        note: 'Approved by the change advisory board',
      });
    }
    if (spec.outcome === 'retired') {
      steps.push({
        to: 'retired',
        at: iso(now - 30 * DAY),
        by: approver,
        note: 'Superseded by the pipeline runbooks',
      });
    }
    return {
      key: spec.key,
      at: iso(spec.outcome === 'proposed' ? now - 4 * DAY : at),
      by: proposer,
      input: {
        name: spec.name,
        description: spec.description,
        scope: spec.scope,
        riskCeiling: spec.riskCeiling,
        expiresAt: new Date(now + 200 * DAY).toISOString(),
        reviewAt: new Date(now + spec.reviewInDays * DAY).toISOString(),
        proposedBy: proposer,
      },
      steps,
      titles: spec.titles,
    };
  });
}

/** A model as it stands once its steps are taken, for the scope rule. */
function asDecided(model: DemoModel): StandardChangeModel {
  return {
    ...model.input,
    id: model.key,
    state: (model.steps.at(-1)?.to ??
      'proposed') as StandardChangeModel['state'],
    createdAt: model.at,
    updatedAt: model.at,
    createdBy: model.by,
    version: 1,
    history: [],
  };
}

/**
 * The approved models that cover an entity at `at`, by -common's scope
 * rule; the demo's standard changes follow one of them.
 */
export function modelsCovering(
  models: DemoModel[],
  entity: { kind: string; owner?: string },
  at: string,
): DemoModel[] {
  return models.filter(
    m => m.titles.length > 0 && modelApplies(asDecided(m), entity, at),
  );
}
