import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_ALERT_SELECTOR,
  matchesAlertSelector,
  parseAlertSelector,
} from '@valuestream/plugin-value-stream-common';
import { ALERT_LABELS } from './constants';

/**
 * A catalog entity as the ingestion mappers see it.
 */
export interface IngestEntity {
  /** Entity ref, e.g. `component:default/checkout`. */
  entityRef: string;
  /** The entity's `metadata.annotations`. */
  annotations?: Record<string, string>;
}

/**
 * The catalog lookups that map an alert to an entity. The backend implements
 * it over the catalog; results may be cached for the length of one request.
 */
export interface AlertEntityLookup {
  /** The entity with this ref (compared case-insensitively), if the catalog holds it. */
  byRef(entityRef: string): Promise<IngestEntity | undefined>;
  /**
   * Entities whose `metadata.name` equals `name` (case-insensitively), of any
   * kind and namespace. Users and groups are ignored if returned.
   */
  byName(name: string): Promise<IngestEntity[]>;
  /** Entities that carry the `valuestream.io/alert-selector` annotation. */
  withAlertSelector(): Promise<IngestEntity[]>;
}

/**
 * How an alert was mapped to an entity.
 */
export interface AlertEntityMatch {
  /** Lower-case entity ref, as records are keyed. */
  entityRef: string;
  entity: IngestEntity;
  matchedBy: 'backstage_entity' | 'service' | 'alert-selector';
}

const NON_SERVICE_KINDS = new Set(['user', 'group']);

/**
 * The lower-case `kind:namespace/name` records are keyed by; the kind
 * defaults to `component`, the namespace to `default`. Undefined for a ref
 * that does not parse.
 */
export function normalizeIngestRef(
  ref: string,
  defaultKind = 'component',
): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref.trim(), { defaultKind, defaultNamespace: 'default' }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

interface RefParts {
  ref: string;
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Parsed refs, kept because mapping every alert of a notification parses
 * the same candidates' refs over and over. Bounded: cleared when full.
 */
const parsedRefs = new Map<string, RefParts>();
const MAX_PARSED_REFS = 10_000;

function refParts(ref: string): RefParts {
  let parts = parsedRefs.get(ref);
  if (!parts) {
    const normalized =
      normalizeIngestRef(ref) ?? ref.toLocaleLowerCase('en-US');
    const { kind, namespace, name } = parseEntityRef(normalized);
    parts = { ref: normalized, kind, namespace, name };
    if (parsedRefs.size >= MAX_PARSED_REFS) {
      parsedRefs.clear();
    }
    parsedRefs.set(ref, parts);
  }
  return parts;
}

/**
 * Orders entities for a deterministic choice among several: components
 * first, then the default namespace, then by ref.
 */
function byPreference(a: IngestEntity, b: IngestEntity): number {
  const pa = refParts(a.entityRef);
  const pb = refParts(b.entityRef);
  const rank = (p: typeof pa) =>
    (p.kind === 'component' ? 0 : 2) + (p.namespace === 'default' ? 0 : 1);
  return rank(pa) - rank(pb) || pa.ref.localeCompare(pb.ref);
}

/**
 * The preferred entity among candidates that all match: not users or
 * groups; components first, then the default namespace, then by ref.
 */
export function preferredEntity(
  candidates: readonly IngestEntity[],
): IngestEntity | undefined {
  return candidates
    .filter(c => !NON_SERVICE_KINDS.has(refParts(c.entityRef).kind))
    .sort(byPreference)[0];
}

/** The alert selector of an entity; undefined when absent or malformed. */
function selectorOf(entity: IngestEntity): Record<string, string> | undefined {
  const text = entity.annotations?.[ANNOTATION_ALERT_SELECTOR];
  if (!text?.trim()) {
    return undefined;
  }
  try {
    return parseAlertSelector(text);
  } catch {
    return undefined;
  }
}

/**
 * Maps an alert to a catalog entity, in a fixed order (docs/decisions.md):
 *
 * 1. label `backstage_entity`: an entity ref (kind defaults to `component`,
 *    namespace to `default`) that the catalog holds;
 * 2. label `service`: an entity whose name equals it (components and the
 *    default namespace preferred when several share the name);
 * 3. an entity whose `valuestream.io/alert-selector` annotation matches the
 *    labels (comma-separated `label=value` pairs, all of which must match;
 *    see `parseAlertSelector`); the most specific selector (most pairs)
 *    wins, a malformed one matches nothing.
 *
 * A rule whose label is present but finds nothing falls through to the
 * next. Undefined when no rule matches.
 */
export async function matchAlertToEntity(
  alert: { labels: Record<string, string> },
  lookup: AlertEntityLookup,
): Promise<AlertEntityMatch | undefined> {
  const labels = alert.labels;

  const explicit = labels[ALERT_LABELS.entity]?.trim();
  if (explicit) {
    const ref = normalizeIngestRef(explicit);
    if (ref) {
      const entity = await lookup.byRef(ref);
      if (entity) {
        return { entityRef: ref, entity, matchedBy: 'backstage_entity' };
      }
    }
  }

  const service = labels[ALERT_LABELS.service]?.trim();
  if (service) {
    const wanted = service.toLocaleLowerCase('en-US');
    const candidates = (await lookup.byName(service)).filter(
      c => refParts(c.entityRef).name === wanted,
    );
    const entity = preferredEntity(candidates);
    if (entity) {
      return {
        entityRef: refParts(entity.entityRef).ref,
        entity,
        matchedBy: 'service',
      };
    }
  }

  let best: { entity: IngestEntity; terms: number } | undefined;
  const selectable = (await lookup.withAlertSelector())
    .filter(c => !NON_SERVICE_KINDS.has(refParts(c.entityRef).kind))
    .sort(byPreference);
  for (const entity of selectable) {
    const selector = selectorOf(entity);
    const terms = selector ? Object.keys(selector).length : 0;
    if (
      selector &&
      matchesAlertSelector(selector, labels) &&
      (!best || terms > best.terms)
    ) {
      best = { entity, terms };
    }
  }
  if (best) {
    return {
      entityRef: refParts(best.entity.entityRef).ref,
      entity: best.entity,
      matchedBy: 'alert-selector',
    };
  }
  return undefined;
}

/**
 * Picks the entity of a GitHub event among the entities that share the
 * repository's `github.com/project-slug` (one, or several in a monorepo):
 *
 * 1. the entity ref the sender named (deployment `payload.backstage_entity`),
 *    when it is one of the candidates;
 * 2. the only candidate, or the only component among them;
 * 3. in a monorepo, the candidate whose name prefixes the tag or ref
 *    (`checkout@1.2.0`, `checkout-v1.2.0`, `checkout/1.2.0`).
 *
 * Undefined when none or several remain.
 */
export function selectGithubEntity(
  candidates: readonly IngestEntity[],
  hints: { entityRef?: string; ref?: string } = {},
): IngestEntity | undefined {
  const usable = candidates.filter(
    c => !NON_SERVICE_KINDS.has(refParts(c.entityRef).kind),
  );
  if (hints.entityRef) {
    const wanted = normalizeIngestRef(hints.entityRef);
    const named = usable.find(c => refParts(c.entityRef).ref === wanted);
    if (named) {
      return named;
    }
  }
  if (usable.length === 1) {
    return usable[0];
  }
  const components = usable.filter(
    c => refParts(c.entityRef).kind === 'component',
  );
  if (components.length === 1) {
    return components[0];
  }
  const prefix = hints.ref ? refPrefix(hints.ref) : undefined;
  if (prefix) {
    const byPrefix = usable.filter(c => refParts(c.entityRef).name === prefix);
    if (byPrefix.length >= 1) {
      return byPrefix.sort(byPreference)[0];
    }
  }
  return undefined;
}

/** `checkout@1.2.0`, `checkout-v1.2.0`, `refs/tags/checkout/1.2.0` -> `checkout`. */
function refPrefix(ref: string): string | undefined {
  const tag = ref
    .replace(/^refs\/(tags|heads)\//, '')
    .toLocaleLowerCase('en-US');
  const match = /^(.+?)(?:@|\/|-|_)v?\d/.exec(tag);
  return match?.[1];
}
