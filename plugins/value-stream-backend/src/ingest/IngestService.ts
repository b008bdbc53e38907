/*
 * Ingestion as the routes see it: signature and config checks, one
 * DatabaseIngestPorts per delivery, the adapters, and the mapping of an
 * unmatched event to an entity.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotFoundError,
} from '@backstage/errors';
import {
  eventManagePermission,
  EventRecord,
  mapEventSchema,
  parseOrThrow,
} from '@valuestream/plugin-value-stream-common';
import {
  AlertmanagerAlert,
  alertToIncidentDraft,
  IngestPriorityOptions,
  INGEST_ACTORS,
} from './mappers';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { CatalogGateway } from '../domain/CatalogGateway';
import { entityRefOf } from '../domain/CatalogGateway';
import type { RequestContext } from '../domain/RequestContext';
import { DatabaseIngestPorts } from './DatabaseIngestPorts';
import { IngestEntityLookup } from './IngestEntityLookup';
import {
  DEFAULT_ENTITY_CACHE_SECONDS,
  EntityLookupCache,
} from './EntityLookupCache';
import type { IngestResult } from './ports';
import type { ServiceDeps } from '../domain/ServiceDeps';
import type { StageService } from '../domain/StageService';
import type { ValueStreamSettings } from '../settings';
import { processAlertmanager } from './processAlertmanager';
import { processGithub } from './processGithub';
import { processPagerDuty } from './processPagerDuty';
import { verifyGithubSignature, verifyPagerDutySignature } from './signatures';

/** A webhook delivery as the route received it. */
export interface SignedDelivery {
  /** The raw request body, exactly the signed bytes. */
  rawBody: Buffer;
  /** Request headers, lower-case names. */
  headers: Record<string, string | string[] | undefined>;
}

/** Parses a raw JSON body; malformed JSON is an `InputError`. */
function parseJsonBody(rawBody: Buffer, what: string): unknown {
  if (rawBody.length === 0) {
    throw new InputError(`Invalid ${what}: the request body is empty`);
  }
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch (error) {
    throw new InputError(
      `Invalid ${what}: the request body is not valid JSON (${
        (error as Error).message
      })`,
    );
  }
}

function header(
  headers: SignedDelivery['headers'],
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Options of {@link IngestService.create}. */
export interface IngestServiceOptions extends ServiceDeps {
  /** The catalog client that ingestion's entity lookups query. */
  catalogService: CatalogService;
  /** Recomputes the stage of entities whose deployments or releases came in. */
  stages?: Pick<StageService, 'recomputeQuietly'>;
}

/**
 * Turns webhook deliveries into records. Every delivery gets its own ports;
 * what deliveries share is the catalog answers that map alerts to entities,
 * kept for `valueStream.ingest.alertmanager.entityCacheSeconds` (60 s by
 * default, 0 to read the catalog for every delivery). Nothing another
 * replica needs is held.
 */
export class IngestService {
  readonly #store: ValueStreamStore;
  readonly #catalog: CatalogGateway;
  /** The catalog itself, for ingestion's projected filter queries. */
  readonly #catalogService: CatalogService;
  readonly #settings: ValueStreamSettings;
  readonly #logger: LoggerService;
  readonly #stages?: Pick<StageService, 'recomputeQuietly'>;
  /** Catalog answers that map alerts to entities, shared by deliveries. */
  readonly #alertEntityCache: EntityLookupCache;

  static create(options: IngestServiceOptions): IngestService {
    return new IngestService(options);
  }

  private constructor(options: IngestServiceOptions) {
    this.#stages = options.stages;
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#catalogService = options.catalogService;
    this.#settings = options.settings;
    this.#logger = options.logger;
    this.#alertEntityCache = new EntityLookupCache({
      ttlSeconds:
        options.settings.ingest.alertEntityCacheSeconds ??
        DEFAULT_ENTITY_CACHE_SECONDS,
    });
  }

  async #ports(): Promise<DatabaseIngestPorts> {
    return DatabaseIngestPorts.create({
      store: this.#store,
      unauthorizedDeployments: this.#settings.unauthorizedDeployments,
      entities: IngestEntityLookup.create({
        catalog: this.#catalogService,
        credentials: await this.#catalog.serviceCredentials(),
        alertEntityCache: this.#alertEntityCache,
      }),
    });
  }

  #priority(): IngestPriorityOptions {
    return {
      matrix: this.#settings.priorityMatrix,
    };
  }

  /**
   * Checks a signed delivery against its source's secret before anything of
   * it is read: `NotFoundError` when the source is not configured,
   * `AuthenticationError` when the signature is missing or wrong.
   */
  #verify(source: 'github' | 'pagerduty', delivery: SignedDelivery): void {
    const github = source === 'github';
    const key = `valueStream.ingest.${source}.secret`;
    const secret = github
      ? this.#settings.ingest.githubSecret
      : this.#settings.ingest.pagerDutySecret;
    if (!secret) {
      throw new NotFoundError(
        `Ingestion from ${
          github ? 'GitHub' : 'PagerDuty'
        } is not enabled: configure ${key}`,
      );
    }
    const name = github ? 'X-Hub-Signature-256' : 'X-PagerDuty-Signature';
    const verify = github ? verifyGithubSignature : verifyPagerDutySignature;
    const signature = delivery.headers[name.toLocaleLowerCase('en-US')];
    if (!verify(delivery.rawBody, signature, secret)) {
      throw new AuthenticationError(
        `Missing or invalid ${name}: the delivery is not signed with ${key}`,
      );
    }
  }

  /** An Alertmanager webhook notification (the caller has authenticated it). */
  async alertmanager(rawBody: Buffer): Promise<IngestResult> {
    const payload = parseJsonBody(rawBody, 'Alertmanager webhook');
    return processAlertmanager(payload, await this.#ports(), {
      priority: this.#priority(),
      flappingWindowMinutes: this.#settings.ingest.flappingWindowMinutes,
    });
  }

  /** A GitHub delivery; its signature is checked before anything is read. */
  async github(delivery: SignedDelivery): Promise<IngestResult> {
    this.#verify('github', delivery);
    const payload = parseJsonBody(delivery.rawBody, 'GitHub webhook');
    const result = await processGithub(
      {
        event: header(delivery.headers, 'x-github-event'),
        deliveryId: header(delivery.headers, 'x-github-delivery'),
        payload,
      },
      await this.#ports(),
      {
        priority: this.#priority(),
        productionEnvironments: this.#settings.productionEnvironments,
      },
    );
    // Releases and deployments are stage evidence: move the board now rather
    // than at the next scheduled recompute.
    const moved = new Set(
      result.items
        .filter(i => i.entityRef && !i.duplicate)
        .filter(i => i.deploymentId || i.releaseId)
        .map(i => i.entityRef!),
    );
    for (const entityRef of moved) {
      await this.#stages?.recomputeQuietly(entityRef);
    }
    return result;
  }

  /** A PagerDuty v3 delivery; its signature is checked before anything is read. */
  async pagerduty(delivery: SignedDelivery): Promise<IngestResult> {
    this.#verify('pagerduty', delivery);
    const payload = parseJsonBody(delivery.rawBody, 'PagerDuty webhook');
    return processPagerDuty(payload, await this.#ports(), {
      priority: this.#priority(),
    });
  }

  /**
   * Maps an unmatched event to a catalog entity. A firing exception alert
   * then opens (or joins) an incident as ingestion would have.
   */
  async mapEvent(
    eventId: string,
    body: unknown,
    ctx: RequestContext,
  ): Promise<EventRecord> {
    // Mapping may open an incident: a record write.
    ctx.authorizeRecordWrite();
    const { entityRef } = parseOrThrow(mapEventSchema, body, 'event mapping');
    await ctx.authorize(eventManagePermission);
    const event = await this.#store.events.get(eventId);
    if (!event) {
      throw new NotFoundError(`Event ${eventId} not found`);
    }
    if (event.entityRef) {
      throw new ConflictError(
        `Event ${eventId} is already matched to ${event.entityRef}`,
      );
    }
    let entity;
    try {
      entity = await this.#catalog.getEntity(entityRef, ctx.credentials);
    } catch (error) {
      throw new InputError(`Invalid body: entityRef: ${String(error)}`);
    }
    if (!entity) {
      throw new NotFoundError(`No catalog entity ${entityRef}`);
    }
    const mapped = await this.#store.events.map(eventId, entityRefOf(entity));
    if (
      mapped.source !== 'alertmanager' ||
      mapped.severity !== 'exception' ||
      mapped.status !== 'firing' ||
      mapped.incidentId
    ) {
      return mapped;
    }

    const ports = await this.#ports();
    const open = await ports.findOpenIncidentForFingerprint(
      'alertmanager',
      mapped.fingerprint,
    );
    if (open) {
      await ports.linkEventToIncident(mapped.id, open.id);
    } else {
      const alert: AlertmanagerAlert = {
        status: 'firing',
        labels: mapped.labels,
        annotations: { summary: mapped.summary },
        startsAt: mapped.startsAt,
        endsAt: mapped.endsAt ?? '0001-01-01T00:00:00Z',
        generatorURL: '',
        fingerprint: mapped.fingerprint,
      };
      const draft = alertToIncidentDraft(
        alert,
        {
          entityRef: entityRefOf(entity),
          annotations: entity.metadata.annotations ?? {},
        },
        this.#priority(),
      );
      const { incident } = await ports.createIncident({
        ...draft,
        eventId: mapped.id,
        at: new Date().toISOString(),
        // The tool's actor, not the mapping user: the incident stays the
        // alert's, so it resolves with it (the mapping itself is audited).
        actor: INGEST_ACTORS.alertmanager,
      });
      this.#logger.info(
        `Event ${mapped.id} mapped to ${mapped.entityRef} opened incident ${incident.id}`,
      );
    }
    return (await this.#store.events.get(mapped.id)) ?? mapped;
  }
}
