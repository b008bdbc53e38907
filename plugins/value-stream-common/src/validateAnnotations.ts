import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import {
  ANNOTATION_ALERT_SELECTOR,
  ANNOTATION_ASSET_COST,
  ANNOTATION_ASSET_EXPIRES,
  ANNOTATION_ASSET_SEATS,
  ANNOTATION_ASSET_TYPE,
  ANNOTATION_ASSET_VENDOR,
  ANNOTATION_MAINTENANCE_WINDOWS,
  ANNOTATION_MONITORING,
  ANNOTATION_REQUIRED_ASSETS,
  ANNOTATION_RUNBOOK,
  ANNOTATION_SERVICE_LEVEL_TIER,
  ANNOTATION_SLOS,
  ANNOTATION_SUPPORT_GROUP,
  ASSET_COST_PERIODS,
  ASSET_TYPES,
  parseAlertSelector,
  parseRequiredAssets,
} from './annotations';
import { parseMaintenanceWindows } from './maintenanceWindows';
import { parseSloDeclarations } from './slo/declaration';

/**
 * A problem with one annotation of an entity.
 * @public
 */
export interface AnnotationProblem {
  annotation: string;
  message: string;
}

/** The prefix of the annotations the Value Stream suite owns. @public */
export const VALUE_STREAM_ANNOTATION_PREFIX = 'valuestream.io/';

/** Options of {@link validateValueStreamAnnotations}. @public */
export interface ValidateAnnotationsOptions {
  /**
   * The tiers configured under `valueStream.serviceLevelTiers`. When given,
   * `valuestream.io/service-level-tier` must name one of them.
   */
  serviceLevelTiers?: string[];
}

/** Why a value is wrong, or undefined when it is right. */
type Check = (
  value: string,
  context: { entity: Entity; options: ValidateAnnotationsOptions },
) => string | undefined;

const ASSET_ANNOTATIONS = [
  ANNOTATION_ASSET_TYPE,
  ANNOTATION_ASSET_COST,
  ANNOTATION_ASSET_VENDOR,
  ANNOTATION_ASSET_EXPIRES,
  ANNOTATION_ASSET_SEATS,
];

const TIER = /^[a-z0-9][a-z0-9_-]{0,49}$/i;
const COST = /^(\d+(?:\.\d+)?) ([A-Z]{3})\/([a-z-]+)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function errorMessage(error: unknown): string {
  return isError(error) ? error.message : String(error);
}

let currencies: Set<string> | undefined;
/** ISO 4217 codes, as the runtime's ICU data knows them. */
function isCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && !!url.host
    );
  } catch {
    return false;
  }
}

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). @public */
export function isIsoDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) {
    return false;
  }
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0..99 to 1900..1999.
  date.setUTCFullYear(year, month - 1, day);
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

const url: Check = value =>
  isHttpUrl(value) ? undefined : 'is not an http or https URL';

const CHECKS: Record<string, Check> = {
  [ANNOTATION_SERVICE_LEVEL_TIER]: (value, { options }) => {
    if (!TIER.test(value)) {
      return 'is not a tier name (letters, digits, - and _, such as gold)';
    }
    const tiers = options.serviceLevelTiers;
    if (tiers?.length && !tiers.includes(value)) {
      return `is not a configured service level tier (${tiers.join(', ')})`;
    }
    return undefined;
  },
  [ANNOTATION_ALERT_SELECTOR]: value => {
    try {
      parseAlertSelector(value);
      return undefined;
    } catch (error) {
      return `is not a label selector such as service=checkout,env=prod: ${errorMessage(
        error,
      )}`;
    }
  },
  [ANNOTATION_SUPPORT_GROUP]: (value, { entity }) => {
    try {
      const ref = parseEntityRef(value, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      });
      return ref.kind.toLocaleLowerCase('en-US') === 'group'
        ? undefined
        : `is not a Group: it names a ${ref.kind}`;
    } catch {
      return 'is not a Group entity ref such as group:default/sre';
    }
  },
  [ANNOTATION_RUNBOOK]: url,
  [ANNOTATION_MONITORING]: url,
  [ANNOTATION_REQUIRED_ASSETS]: (value, { entity }) => {
    try {
      const refs = parseRequiredAssets(
        value,
        entity.metadata.namespace ?? 'default',
      );
      return refs.length
        ? undefined
        : 'is empty: list Resource entity refs separated by commas';
    } catch (error) {
      return `is not a comma list of Resource entity refs: ${errorMessage(
        error,
      )}`;
    }
  },
  [ANNOTATION_MAINTENANCE_WINDOWS]: value => {
    try {
      parseMaintenanceWindows(value);
      return undefined;
    } catch (error) {
      return `is not a list of maintenance windows such as "Sat-Sun 02:00-06:00 Europe/Berlin; Wed 22:00-01:00": ${errorMessage(
        error,
      )}`;
    }
  },
  [ANNOTATION_SLOS]: value => {
    try {
      parseSloDeclarations(value);
      return undefined;
    } catch (error) {
      return `is not a list of SLOs (OpenSLO v1 fields: name, indicator, objectives, timeWindow, alertPolicies): ${errorMessage(
        error,
      )}`;
    }
  },
  [ANNOTATION_ASSET_TYPE]: value =>
    (ASSET_TYPES as readonly string[]).includes(value)
      ? undefined
      : `is not an asset type (${ASSET_TYPES.join(', ')})`,
  [ANNOTATION_ASSET_COST]: value => {
    const match = COST.exec(value);
    if (!match) {
      return `is not a cost such as "1200 USD/year" (<amount> <ISO 4217 currency>/<${ASSET_COST_PERIODS.join(
        '|',
      )}>)`;
    }
    if (!isCurrency(match[2])) {
      return `has an unknown currency ${match[2]} (an ISO 4217 code such as USD, EUR, GBP)`;
    }
    if (!(ASSET_COST_PERIODS as readonly string[]).includes(match[3])) {
      return `has an unknown period ${match[3]} (${ASSET_COST_PERIODS.join(
        ', ',
      )})`;
    }
    return undefined;
  },
  [ANNOTATION_ASSET_VENDOR]: value => {
    if (value.length === 0) {
      return 'is empty: name the vendor';
    }
    return value.length > 200 ? 'is longer than 200 characters' : undefined;
  },
  [ANNOTATION_ASSET_EXPIRES]: value =>
    isIsoDate(value) ? undefined : 'is not a valid date (YYYY-MM-DD)',
  [ANNOTATION_ASSET_SEATS]: (value, { entity }) => {
    if (!/^[1-9]\d*$/.test(value) || !Number.isSafeInteger(Number(value))) {
      return 'is not a positive whole number of seats';
    }
    const type = entity.metadata.annotations?.[ANNOTATION_ASSET_TYPE]?.trim();
    return type === undefined || type === 'license'
      ? undefined
      : `applies to licences only, but ${ANNOTATION_ASSET_TYPE} is "${type}"`;
  },
};

/**
 * Every `valuestream.io/` annotation the suite defines, in reference order.
 * @public
 */
export const KNOWN_VALUE_STREAM_ANNOTATIONS: readonly string[] =
  Object.keys(CHECKS);

const quote = (value: string) => JSON.stringify(value);

/**
 * Lists what is wrong with the `valuestream.io/` annotations of one entity.
 * Each message names the entity ref, the annotation and the problem, such as
 * "resource:default/search-licence: annotation
 * valuestream.io/asset-expires "2026-13-01" is not a valid date
 * (YYYY-MM-DD)". Unknown `valuestream.io/`
 * keys are problems too; annotations of other prefixes (`github.com/`,
 * `pagerduty.com/`) belong to other plugins and are left alone. The catalog
 * module emits each problem as a processing error.
 *
 * @public
 */
export function validateValueStreamAnnotations(
  entity: Entity,
  options: ValidateAnnotationsOptions = {},
): AnnotationProblem[] {
  const ref = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  const isResource = entity.kind.toLocaleLowerCase('en-US') === 'resource';
  const problems: AnnotationProblem[] = [];
  const report = (annotation: string, problem: string) =>
    problems.push({ annotation, message: `${ref}: ${problem}` });

  for (const [annotation, raw] of Object.entries(annotations)) {
    if (!annotation.startsWith(VALUE_STREAM_ANNOTATION_PREFIX)) {
      continue;
    }
    const check = CHECKS[annotation];
    if (!check) {
      report(
        annotation,
        `unknown annotation ${annotation}; the valuestream.io/ annotations are ${KNOWN_VALUE_STREAM_ANNOTATIONS.join(
          ', ',
        )}`,
      );
      continue;
    }
    if (ASSET_ANNOTATIONS.includes(annotation) && !isResource) {
      report(
        annotation,
        `annotation ${annotation} belongs on a Resource, not on a ${entity.kind}`,
      );
      continue;
    }
    const value = typeof raw === 'string' ? raw.trim() : '';
    const reason = check(value, { entity, options });
    if (reason) {
      // A list of SLOs runs to many lines: the reason names the field.
      const shown = annotation === ANNOTATION_SLOS ? '' : ` ${quote(raw)}`;
      report(annotation, `annotation ${annotation}${shown} ${reason}`);
    }
  }

  if (
    isResource &&
    annotations[ANNOTATION_ASSET_TYPE] === undefined &&
    ASSET_ANNOTATIONS.some(a => annotations[a] !== undefined)
  ) {
    report(
      ANNOTATION_ASSET_TYPE,
      `annotation ${ANNOTATION_ASSET_TYPE} is missing: a Resource with asset annotations needs its type (${ASSET_TYPES.join(
        ', ',
      )})`,
    );
  }
  return problems;
}
