import {
  ANNOTATION_SOURCE_LOCATION,
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import { DateTime } from 'luxon';

/**
 * The service level tier an entity declares as code (`gold`); proposes a
 * service level of that tier for agreement.
 * @public
 */
export const ANNOTATION_SERVICE_LEVEL_TIER =
  'valuestream.io/service-level-tier';
/**
 * Alertmanager label matchers that map alerts to the entity when they carry
 * neither `backstage_entity` nor a matching `service` label:
 * `alertname=HighLatency,job=checkout`.
 * @public
 */
export const ANNOTATION_ALERT_SELECTOR = 'valuestream.io/alert-selector';
/** The group that supports the service, an entity ref. @public */
export const ANNOTATION_SUPPORT_GROUP = 'valuestream.io/support-group';
/** Link to the runbook. @public */
export const ANNOTATION_RUNBOOK = 'valuestream.io/runbook';
/** Link to the monitoring dashboard. @public */
export const ANNOTATION_MONITORING = 'valuestream.io/monitoring';
/**
 * Comma list of the Resources (assets) the service needs before it is built:
 * `resource:default/oracle-license, db-main`.
 * @public
 */
export const ANNOTATION_REQUIRED_ASSETS = 'valuestream.io/required-assets';
/** On a Resource: `license`, `hardware` or `cloud`. @public */
export const ANNOTATION_ASSET_TYPE = 'valuestream.io/asset-type';
/** On a Resource: `<amount> <currency>/<period>`, e.g. `1200 USD/year`. @public */
export const ANNOTATION_ASSET_COST = 'valuestream.io/asset-cost';
/** On a Resource: who sells or runs it. @public */
export const ANNOTATION_ASSET_VENDOR = 'valuestream.io/asset-vendor';
/** On a Resource: ISO date the license or contract ends. @public */
export const ANNOTATION_ASSET_EXPIRES = 'valuestream.io/asset-expires';
/** On a Resource: number of licensed seats. @public */
export const ANNOTATION_ASSET_SEATS = 'valuestream.io/asset-seats';

/** `owner/repo` of the GitHub repository; maps GitHub events. @public */
export const ANNOTATION_GITHUB_PROJECT_SLUG = 'github.com/project-slug';
/** PagerDuty service id; maps PagerDuty webhooks. @public */
export const ANNOTATION_PAGERDUTY_SERVICE_ID = 'pagerduty.com/service-id';
/** TechDocs: design documentation evidence. @public */
export const ANNOTATION_TECHDOCS_REF = 'backstage.io/techdocs-ref';
export { ANNOTATION_SOURCE_LOCATION };

/**
 * Every annotation the suite reads, by purpose.
 * @public
 */
export const VALUE_STREAM_ANNOTATIONS = {
  serviceLevelTier: ANNOTATION_SERVICE_LEVEL_TIER,
  alertSelector: ANNOTATION_ALERT_SELECTOR,
  supportGroup: ANNOTATION_SUPPORT_GROUP,
  runbook: ANNOTATION_RUNBOOK,
  monitoring: ANNOTATION_MONITORING,
  requiredAssets: ANNOTATION_REQUIRED_ASSETS,
  assetType: ANNOTATION_ASSET_TYPE,
  assetCost: ANNOTATION_ASSET_COST,
  assetVendor: ANNOTATION_ASSET_VENDOR,
  assetExpires: ANNOTATION_ASSET_EXPIRES,
  assetSeats: ANNOTATION_ASSET_SEATS,
  githubProjectSlug: ANNOTATION_GITHUB_PROJECT_SLUG,
  pagerdutyServiceId: ANNOTATION_PAGERDUTY_SERVICE_ID,
  techdocsRef: ANNOTATION_TECHDOCS_REF,
  sourceLocation: ANNOTATION_SOURCE_LOCATION,
} as const;

/** @public */
export const ASSET_TYPES = ['license', 'hardware', 'cloud'] as const;
/** @public */
export type AssetType = (typeof ASSET_TYPES)[number];

/** @public */
export const ASSET_COST_PERIODS = ['month', 'year', 'one-off'] as const;
/** @public */
export type AssetCostPeriod = (typeof ASSET_COST_PERIODS)[number];

/** @public */
export interface AssetCost {
  amount: number;
  /** ISO 4217 code, upper case. */
  currency: string;
  period: AssetCostPeriod;
}

const COST = /^(\d+(?:\.\d+)?)\s*([a-z]{3})(?:\s*\/\s*([a-z-]+))?$/i;

/**
 * Parses `1200 USD/year`, `99.90 EUR/month` or `5000 USD/one-off`; without a
 * period the cost is one-off. Returns undefined for anything else.
 * @public
 */
export function parseAssetCost(value: string): AssetCost | undefined {
  const match = COST.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const period = (match[3] ?? 'one-off').toLowerCase();
  if (!(ASSET_COST_PERIODS as readonly string[]).includes(period)) {
    return undefined;
  }
  return {
    amount: Number(match[1]),
    currency: match[2].toUpperCase(),
    period: period as AssetCostPeriod,
  };
}

/**
 * The yearly run rate of a cost; undefined for a one-off cost.
 * @public
 */
export function annualAssetCost(cost: AssetCost): number | undefined {
  if (cost.period === 'month') {
    return cost.amount * 12;
  }
  return cost.period === 'year' ? cost.amount : undefined;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Parses `key=value,key2="value 2"` into label matchers. Throws a
 * `TypeError` naming the bad part.
 * @public
 */
export function parseAlertSelector(value: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    const label = /^".*"$/.test(raw) ? raw.slice(1, -1) : raw;
    if (eq < 0 || !LABEL_NAME.test(key) || !label) {
      throw new TypeError(
        `"${part.trim()}" is not a label matcher like alertname=HighLatency`,
      );
    }
    labels[key] = label;
  }
  return labels;
}

/**
 * Whether alert labels satisfy every matcher of a selector.
 * @public
 */
export function matchesAlertSelector(
  selector: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/**
 * Parses the required-assets list into Resource entity refs; a bare name is
 * a Resource in `defaultNamespace`. Throws a `TypeError` for a bad entry.
 * @public
 */
export function parseRequiredAssets(
  value: string,
  defaultNamespace = 'default',
): string[] {
  return value
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)
    .map(item => {
      let ref: string;
      try {
        ref = stringifyEntityRef(
          parseEntityRef(item, { defaultKind: 'resource', defaultNamespace }),
        );
      } catch {
        throw new TypeError(`"${item}" is not an entity ref`);
      }
      if (!ref.startsWith('resource:')) {
        throw new TypeError(`"${item}" is not a Resource`);
      }
      return ref;
    });
}

/**
 * A problem with one annotation of an entity.
 * @public
 */
export interface AnnotationProblem {
  annotation: string;
  message: string;
}

function isHttpUrl(value: string) {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function errorMessage(error: unknown) {
  return isError(error) ? error.message : String(error);
}

type Check = (value: string, entity: Entity) => string | undefined;

const ASSET_ANNOTATIONS = new Set<string>([
  ANNOTATION_ASSET_TYPE,
  ANNOTATION_ASSET_COST,
  ANNOTATION_ASSET_VENDOR,
  ANNOTATION_ASSET_EXPIRES,
  ANNOTATION_ASSET_SEATS,
]);

const url: Check = v =>
  isHttpUrl(v) ? undefined : 'must be an http or https URL';

const CHECKS: Record<string, Check> = {
  [ANNOTATION_SERVICE_LEVEL_TIER]: v =>
    /^[a-z0-9][a-z0-9_-]*$/i.test(v) && v.length <= 50
      ? undefined
      : 'must be a tier name such as gold (letters, digits, - and _)',
  [ANNOTATION_ALERT_SELECTOR]: v => {
    try {
      parseAlertSelector(v);
      return undefined;
    } catch (e) {
      return errorMessage(e);
    }
  },
  [ANNOTATION_SUPPORT_GROUP]: (v, entity) => {
    try {
      const ref = parseEntityRef(v, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      });
      return ref.kind.toLocaleLowerCase('en-US') === 'group'
        ? undefined
        : 'must name a Group';
    } catch {
      return 'must be a Group entity ref such as group:default/sre';
    }
  },
  [ANNOTATION_RUNBOOK]: url,
  [ANNOTATION_MONITORING]: url,
  [ANNOTATION_REQUIRED_ASSETS]: (v, entity) => {
    try {
      parseRequiredAssets(v, entity.metadata.namespace ?? 'default');
      return undefined;
    } catch (e) {
      return errorMessage(e);
    }
  },
  [ANNOTATION_ASSET_TYPE]: v =>
    (ASSET_TYPES as readonly string[]).includes(v)
      ? undefined
      : `must be one of ${ASSET_TYPES.join(', ')}`,
  [ANNOTATION_ASSET_COST]: v =>
    parseAssetCost(v)
      ? undefined
      : 'must be an amount, currency and period such as 1200 USD/year (month, year or one-off)',
  [ANNOTATION_ASSET_VENDOR]: v =>
    v.trim() && v.length <= 200 ? undefined : 'must be a vendor name',
  [ANNOTATION_ASSET_EXPIRES]: v =>
    /^\d{4}-\d{2}-\d{2}$/.test(v) && DateTime.fromISO(v).isValid
      ? undefined
      : 'must be an ISO date such as 2026-12-31',
  [ANNOTATION_ASSET_SEATS]: v =>
    /^\d+$/.test(v) && Number(v) > 0
      ? undefined
      : 'must be a positive whole number',
  [ANNOTATION_GITHUB_PROJECT_SLUG]: v =>
    /^[\w.-]+\/[\w.-]+$/.test(v) ? undefined : 'must be owner/repository',
  [ANNOTATION_PAGERDUTY_SERVICE_ID]: v =>
    /^[A-Z0-9]+$/i.test(v)
      ? undefined
      : 'must be a PagerDuty service id such as PABC123',
};

/**
 * Checks the annotations the suite reads on one entity and lists what is
 * wrong, for the catalog processor to report. Asset annotations belong on
 * Resources only.
 * @public
 */
export function validateValueStreamAnnotations(
  entity: Entity,
): AnnotationProblem[] {
  const annotations = entity.metadata.annotations ?? {};
  const problems: AnnotationProblem[] = [];
  for (const [annotation, check] of Object.entries(CHECKS)) {
    const value = annotations[annotation];
    if (value === undefined) {
      continue;
    }
    if (
      ASSET_ANNOTATIONS.has(annotation) &&
      entity.kind.toLocaleLowerCase('en-US') !== 'resource'
    ) {
      problems.push({
        annotation,
        message: `${annotation} belongs on a Resource, not a ${entity.kind}`,
      });
      continue;
    }
    const reason = check(value.trim(), entity);
    if (reason) {
      problems.push({
        annotation,
        message: `${annotation} ${reason}, got "${value}"`,
      });
    }
  }
  return problems;
}
