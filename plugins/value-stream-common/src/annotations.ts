import {
  ANNOTATION_SOURCE_LOCATION,
  type Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';

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
/**
 * Weekly maintenance windows of the service, `;`-separated:
 * `Sat-Sun 02:00-06:00 Europe/Berlin; Wed 22:00-01:00`. A change planned
 * outside them carries more risk.
 * @public
 */
export const ANNOTATION_MAINTENANCE_WINDOWS =
  'valuestream.io/maintenance-windows';
/**
 * The service's SLOs as code: YAML (or JSON) holding a list of SLOs in the
 * shape of OpenSLO v1's SLO spec, inlined (see `parseSloDeclarations`). A
 * long list can live in a file beside the entity, read by the catalog's
 * placeholder: `valuestream.io/slos: { $text: ./slos.yaml }`.
 * @public
 */
export const ANNOTATION_SLOS = 'valuestream.io/slos';
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
  maintenanceWindows: ANNOTATION_MAINTENANCE_WINDOWS,
  slos: ANNOTATION_SLOS,
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

/**
 * The asset fields of a Resource as its annotations give them (trimmed, not
 * yet parsed), and its owner: the `ownedBy` relation, else `spec.owner`.
 * The assets report and the asset card both read an asset through this.
 * @public
 */
export interface AssetFields {
  type?: string;
  vendor?: string;
  expires?: string;
  seats?: string;
  cost?: string;
  owner?: string;
}

/** @public */
export function assetFieldsOf(entity: Entity): AssetFields {
  const annotations = entity.metadata.annotations ?? {};
  const read = (key: string) => annotations[key]?.trim() || undefined;
  const owner =
    entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef ??
    (typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined);
  return {
    type: read(ANNOTATION_ASSET_TYPE),
    vendor: read(ANNOTATION_ASSET_VENDOR),
    expires: read(ANNOTATION_ASSET_EXPIRES),
    seats: read(ANNOTATION_ASSET_SEATS),
    cost: read(ANNOTATION_ASSET_COST),
    owner,
  };
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
