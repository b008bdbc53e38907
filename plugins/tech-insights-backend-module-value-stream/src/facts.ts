/*
 * What the value stream publishes to Tech Insights: the fact schema, and the
 * pure mapping from a service's scorecard to its fact values.
 */
import type { FactSchema } from '@backstage-community/plugin-tech-insights-common';
import { parseEntityRef } from '@backstage/catalog-model';
import type { EntityScorecard } from '@valuestream/plugin-value-stream-common';

/**
 * The id of the fact retriever, which checks name in `factIds` and the
 * tech-insights backend reads its schedule under
 * (`techInsights.factRetrievers.valueStreamFactRetriever`).
 * @public
 */
export const VALUE_STREAM_FACT_RETRIEVER_ID = 'valueStreamFactRetriever';

/**
 * The facts each service gets, by name.
 * @public
 */
export const valueStreamFactSchema = {
  stage: {
    type: 'string',
    description:
      'The stage of the service in the value stream: demand, design, build, test, deploy or operate',
  },
  gapCount: {
    type: 'integer',
    description:
      'How many exit criteria of earlier stages the service stands past without meeting',
  },
  gaps: {
    type: 'set',
    description:
      'The ids of those criteria, e.g. agreed-service-level, runbook, design-docs',
  },
  hasAgreedServiceLevel: {
    type: 'boolean',
    description: 'Whether the service has a service level in state agreed',
  },
  serviceLevelTarget: {
    type: 'float',
    description:
      'Availability target of the agreed service level, percent (the strictest when several are agreed); null without one',
  },
  slaAttainment: {
    type: 'float',
    description:
      'Measured availability over the last 30 days against that service level, percent; null without an agreed service level',
  },
  errorBudgetRemaining: {
    type: 'float',
    description:
      'Unused share of the downtime that service level allows, percent (negative when overspent); null without an agreed service level',
  },
  overErrorBudget: {
    type: 'boolean',
    description:
      'Whether any agreed service level of the service has spent more than its error budget over the last 30 days',
  },
  openP1Incidents: {
    type: 'integer',
    description: 'Open incidents of priority P1',
  },
  openP2Incidents: {
    type: 'integer',
    description: 'Open incidents of priority P2',
  },
  productionDeployments: {
    type: 'integer',
    description:
      'Production deployments that finished (success or failure) in the last 90 days',
  },
  deploymentsPerWeek: {
    type: 'float',
    description:
      'DORA deployment frequency: successful production deployments per week over the last 90 days',
  },
  leadTimeHours: {
    type: 'float',
    description:
      'DORA lead time for changes: median hours from a change to its production deployment over the last 90 days; null without one',
  },
  timeToRestoreHours: {
    type: 'float',
    description:
      'DORA time to restore service (MTTR): median hours from an incident to its resolution over the last 90 days; null without one',
  },
  changeFailureRate: {
    type: 'float',
    description:
      'DORA change failure rate: percent of production deployments over the last 90 days that failed or caused an incident; null without deployments',
  },
  unauthorizedDeployments: {
    type: 'integer',
    description:
      'Production deployments of the last 30 days that no authorized change covered (flagged as unauthorized: no change of the service in scheduled, implement, review, closed or failed whose window or implementation contained them)',
  },
} satisfies FactSchema;

/**
 * The fact values of one service, named as in {@link valueStreamFactSchema}.
 * @public
 */
export interface ValueStreamFacts {
  stage: string;
  gapCount: number;
  gaps: string[];
  hasAgreedServiceLevel: boolean;
  serviceLevelTarget: number | null;
  slaAttainment: number | null;
  errorBudgetRemaining: number | null;
  overErrorBudget: boolean;
  openP1Incidents: number;
  openP2Incidents: number;
  productionDeployments: number;
  deploymentsPerWeek: number;
  leadTimeHours: number | null;
  timeToRestoreHours: number | null;
  changeFailureRate: number | null;
  unauthorizedDeployments: number;
}

const HOUR_MS = 3_600_000;

/** Two decimals are what a check compares and a person reads. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function hours(ms: number | undefined): number | null {
  return ms === undefined ? null : round(ms / HOUR_MS);
}

/**
 * The fact values of a service from its value stream scorecard. Service
 * level facts follow the agreed service level with the strictest
 * availability target; drafts and proposals count for none of them.
 * @public
 */
export function factsOfScorecard(scorecard: EntityScorecard): ValueStreamFacts {
  const agreed = scorecard.serviceLevels
    .filter(attainment => attainment.serviceLevel.state === 'agreed')
    .sort(
      (a, b) =>
        b.serviceLevel.availabilityTarget - a.serviceLevel.availabilityTarget,
    );
  const strictest = agreed[0];
  const { deploymentFrequency, leadTimeForChanges, changeFailureRate } =
    scorecard.dora;
  return {
    stage: scorecard.stage,
    gapCount: scorecard.gaps.length,
    gaps: scorecard.gaps,
    hasAgreedServiceLevel: strictest !== undefined,
    serviceLevelTarget: strictest
      ? strictest.serviceLevel.availabilityTarget
      : null,
    slaAttainment: strictest ? round(strictest.availability) : null,
    errorBudgetRemaining: strictest
      ? round(strictest.errorBudgetRemaining)
      : null,
    overErrorBudget: agreed.some(a => a.errorBudgetRemaining < 0),
    openP1Incidents: scorecard.openIncidentsByPriority.P1,
    openP2Incidents: scorecard.openIncidentsByPriority.P2,
    productionDeployments: changeFailureRate.total,
    deploymentsPerWeek: round(deploymentFrequency.perWeek),
    leadTimeHours: hours(leadTimeForChanges.medianMs),
    timeToRestoreHours: hours(scorecard.dora.timeToRestore.medianMs),
    changeFailureRate:
      changeFailureRate.rate === undefined
        ? null
        : round(changeFailureRate.rate * 100),
    unauthorizedDeployments: scorecard.unauthorizedDeployments,
  };
}

/**
 * The entity a scorecard is about, as Tech Insights stores it. The value
 * stream keys entities by lower-case ref.
 * @public
 */
export function entityOfScorecard(scorecard: EntityScorecard): {
  kind: string;
  namespace: string;
  name: string;
} {
  const { kind, namespace, name } = parseEntityRef(scorecard.entityRef);
  return { kind, namespace, name };
}
