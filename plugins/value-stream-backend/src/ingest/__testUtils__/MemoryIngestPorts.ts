/*
 * An in-memory test double of IngestPorts, for the unit tests of the
 * ingestion adapters. It keeps the contract of the ports (idempotency,
 * compare-and-set on versions, lifecycle refusals) in the simplest way; the
 * real store and catalog are tested on their own.
 */
import { ConflictError } from '@backstage/errors';
import type {
  DeploymentRecord,
  EventRecord,
  HistoryEntry,
  IncidentRecord,
  IncidentState,
  ReleaseRecord,
} from '@valuestream/plugin-value-stream-common';
import {
  type IngestEntity,
  type IngestEventInput,
  type IngestSource,
} from '../mappers';
import type {
  CreateIncidentResult,
  IncidentFieldsUpdate,
  IncidentTransitionRequest,
  IngestDeploymentInput,
  IngestPorts,
  IngestReleaseInput,
  NewIngestIncident,
  RecordEventResult,
  RecordEventsInput,
  RecordEventsResult,
} from '../ports';

/** A change the double knows, for change lookups. */
export interface MemoryChange {
  id: string;
  entityRef: string;
  state: string;
  plannedStart?: string;
  plannedEnd?: string;
  createdAt: string;
}

const ORDER: IncidentState[] = [
  'new',
  'acknowledged',
  'in_progress',
  'resolved',
  'closed',
];

/**
 * The incident moves the double allows: forward through the lifecycle,
 * possibly several steps at once (new -> resolved), and reopening a
 * resolved or closed incident to in_progress.
 */
function allowed(from: IncidentState, to: IncidentState): boolean {
  if (to === 'in_progress' && (from === 'resolved' || from === 'closed')) {
    return true;
  }
  return from !== 'closed' && ORDER.indexOf(to) > ORDER.indexOf(from);
}

const lower = (s: string) => s.toLocaleLowerCase('en-US');
const nameOf = (ref: string) => lower(ref).split('/').pop()!;

export class MemoryIngestPorts implements IngestPorts {
  readonly entities: IngestEntity[];
  readonly events = new Map<string, EventRecord>();
  readonly incidents: IncidentRecord[] = [];
  readonly deployments: DeploymentRecord[] = [];
  readonly releases: ReleaseRecord[] = [];
  readonly changes: MemoryChange[];
  #seq = 0;

  constructor(
    options: { entities?: IngestEntity[]; changes?: MemoryChange[] } = {},
  ) {
    this.entities = options.entities ?? [];
    this.changes = options.changes ?? [];
  }

  #id(prefix: string) {
    this.#seq += 1;
    return `${prefix}-${this.#seq}`;
  }

  // ------------------------------------------------------------- catalog

  alertEntities = {
    byRef: async (ref: string) =>
      this.entities.find(e => lower(e.entityRef) === lower(ref)),
    byName: async (name: string) =>
      this.entities.filter(e => nameOf(e.entityRef) === lower(name)),
    withAlertSelector: async () =>
      this.entities.filter(
        e => e.annotations?.['valuestream.io/alert-selector'],
      ),
  };

  async entitiesForGithubRepo(fullName: string) {
    return this.entities.filter(
      e =>
        lower(e.annotations?.['github.com/project-slug'] ?? '') ===
        lower(fullName),
    );
  }

  async entitiesForPagerDutyService(serviceId: string) {
    return this.entities.filter(
      e => e.annotations?.['pagerduty.com/service-id'] === serviceId,
    );
  }

  // -------------------------------------------------------------- events

  async recordEvents(
    events: readonly RecordEventsInput[],
    writer: { at: string; actor: string },
  ): Promise<RecordEventsResult[]> {
    const results: RecordEventsResult[] = [];
    for (const { event, idempotencyKey, openIncident } of events) {
      const result: RecordEventsResult = await this.recordEvent(
        event,
        idempotencyKey,
      );
      const alone = [...this.events.values()].every(
        e =>
          e.id === result.event.id ||
          e.source !== event.source ||
          e.fingerprint !== event.fingerprint,
      );
      if (openIncident && alone && !result.event.incidentId) {
        const { incident, created } = await this.createIncident({
          ...openIncident,
          eventId: result.event.id,
          ...writer,
        });
        if (created) {
          result.openedIncidentId = incident.id;
          result.event = { ...result.event, incidentId: incident.id };
        }
      }
      results.push(result);
    }
    return results;
  }

  async recordEvent(
    input: IngestEventInput,
    key: string,
  ): Promise<RecordEventResult> {
    const existing = this.events.get(key);
    if (existing) {
      const updated: EventRecord = {
        ...existing,
        status: input.status,
        severity: input.severity,
        summary: input.summary,
        labels: input.labels,
        entityRef: input.entityRef,
        receivedAt: input.receivedAt,
        ...(input.endsAt ? { endsAt: input.endsAt } : {}),
      };
      this.events.set(key, updated);
      return { event: { ...updated }, created: false };
    }
    const event: EventRecord = { ...input, id: this.#id('event') };
    this.events.set(key, event);
    return { event: { ...event }, created: true };
  }

  async listEventsForFingerprint(
    source: IngestSource,
    fingerprint: string,
    since: string,
  ) {
    return [...this.events.values()]
      .filter(
        e =>
          e.source === source &&
          e.fingerprint === fingerprint &&
          Date.parse(e.receivedAt) >= Date.parse(since),
      )
      .map(e => ({ ...e }));
  }

  async linkEventToIncident(eventId: string, incidentId: string) {
    for (const [key, event] of this.events) {
      if (event.id === eventId) {
        this.events.set(key, { ...event, incidentId });
      }
    }
  }

  /** The stored event of an id. */
  event(id: string | undefined) {
    return [...this.events.values()].find(e => e.id === id);
  }

  // ----------------------------------------------------------- incidents

  async getIncident(id: string) {
    const incident = this.incidents.find(i => i.id === id);
    return incident && structuredClone(incident);
  }

  async findOpenIncidentForFingerprint(
    source: IngestSource,
    fingerprint: string,
  ) {
    const ids = new Set(
      [...this.events.values()]
        .filter(
          e =>
            e.source === source &&
            e.fingerprint === fingerprint &&
            e.incidentId,
        )
        .map(e => e.incidentId),
    );
    const open = this.incidents
      .filter(
        i => ids.has(i.id) && i.state !== 'resolved' && i.state !== 'closed',
      )
      .pop();
    return open && structuredClone(open);
  }

  async findIncidentByExternalId(
    source: 'alertmanager' | 'pagerduty',
    externalId: string,
  ) {
    const incident = this.incidents.find(
      i => i.source === source && i.externalId === externalId,
    );
    return incident && structuredClone(incident);
  }

  async createIncident(
    input: NewIngestIncident,
  ): Promise<CreateIncidentResult> {
    const existing = this.incidents.find(
      i => i.source === input.source && i.externalId === input.externalId,
    );
    if (existing) {
      await this.linkEventToIncident(input.eventId, existing.id);
      return { incident: structuredClone(existing), created: false };
    }
    const { eventId, at, actor, ...draft } = input;
    const incident: IncidentRecord = {
      ...draft,
      id: this.#id('incident'),
      state: 'new',
      major: false,
      reporter: actor,
      waitingOnReporter: false,
      knowledgeLinks: [],
      sla: { pausedMs: 0, responseBreached: false, resolutionBreached: false },
      createdAt: at,
      updatedAt: at,
      createdBy: actor,
      version: 1,
      history: [{ at, by: actor, from: null, to: 'new' }],
    };
    this.incidents.push(incident);
    await this.linkEventToIncident(eventId, incident.id);
    return { incident: structuredClone(incident), created: true };
  }

  async transitionIncident(request: IncidentTransitionRequest) {
    const incident = this.incidents.find(i => i.id === request.id);
    if (!incident || incident.version !== request.expectedVersion) {
      return undefined;
    }
    if (!allowed(incident.state, request.to)) {
      return undefined;
    }
    const entry: HistoryEntry = {
      at: request.at,
      by: request.actor,
      from: incident.state,
      to: request.to,
      note: request.note,
    };
    incident.history.push(entry);
    incident.state = request.to;
    incident.version += 1;
    incident.updatedAt = request.at;
    if (request.to === 'resolved') {
      incident.resolvedAt = request.at;
      incident.resolutionNote = request.note;
    }
    return structuredClone(incident);
  }

  async updateIncidentFields(request: IncidentFieldsUpdate) {
    const incident = this.incidents.find(i => i.id === request.id);
    if (!incident || incident.version !== request.expectedVersion) {
      return undefined;
    }
    Object.assign(incident, request.patch);
    incident.version += 1;
    incident.updatedAt = request.at;
    return structuredClone(incident);
  }

  /** A person takes the incident over in the portal. */
  takeOver(id: string, user = 'user:default/dana') {
    const incident = this.incidents.find(i => i.id === id)!;
    incident.assignee = user;
    incident.version += 1;
  }

  // ------------------------------------------------------------- changes

  async findChange(id: string) {
    const change = this.changes.find(c => c.id === id);
    return change && { id: change.id, entityRef: change.entityRef };
  }

  async findAuthorizedChangeFor(entityRef: string, at: string) {
    const t = Date.parse(at);
    const change = this.changes
      .filter(
        c =>
          lower(c.entityRef) === lower(entityRef) &&
          (c.state === 'scheduled' || c.state === 'implement') &&
          (!c.plannedStart || Date.parse(c.plannedStart) <= t) &&
          (!c.plannedEnd || t <= Date.parse(c.plannedEnd)),
      )
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
    return change && { id: change.id };
  }

  // --------------------------------------------------------- deployments

  async findDeploymentByExternalId(externalId: string) {
    const d = this.deployments.find(x => x.externalId === externalId);
    return d && structuredClone(d);
  }

  async upsertDeploymentByExternalId(input: IngestDeploymentInput) {
    const { expectedVersion, at, actor, note, ...fields } = input;
    const index = this.deployments.findIndex(
      d => d.externalId === input.externalId,
    );
    if (index < 0) {
      const deployment: DeploymentRecord = {
        ...fields,
        id: this.#id('deployment'),
        createdAt: at,
        updatedAt: at,
        createdBy: actor,
        version: 1,
        history: [{ at, by: actor, from: null, to: fields.state, note }],
      };
      this.deployments.push(deployment);
      return { deployment: structuredClone(deployment), created: true };
    }
    const current = this.deployments[index];
    if (current.version !== expectedVersion) {
      throw new ConflictError(`deployment ${current.id} changed`);
    }
    const history =
      current.state === fields.state
        ? current.history
        : [
            ...current.history,
            { at, by: actor, from: current.state, to: fields.state, note },
          ];
    const deployment: DeploymentRecord = {
      id: current.id,
      createdAt: current.createdAt,
      createdBy: current.createdBy,
      ...fields,
      updatedAt: at,
      version: current.version + 1,
      history,
    };
    this.deployments[index] = deployment;
    return { deployment: structuredClone(deployment), created: false };
  }

  // ------------------------------------------------------------ releases

  async findReleaseByExternalId(externalId: string) {
    const r = this.releases.find(x => x.externalId === externalId);
    return r && structuredClone(r);
  }

  async findReleaseForTag(entityRef: string, tag: string) {
    const r = this.releases.find(
      x => lower(x.entityRef) === lower(entityRef) && x.gitTag === tag,
    );
    return r && structuredClone(r);
  }

  async upsertReleaseByExternalId(input: IngestReleaseInput) {
    const { expectedVersion, at, actor, note, ...fields } = input;
    const index = this.releases.findIndex(
      r => r.externalId === input.externalId,
    );
    if (index < 0) {
      const release: ReleaseRecord = {
        ...fields,
        changeIds: [],
        id: this.#id('release'),
        createdAt: at,
        updatedAt: at,
        createdBy: actor,
        version: 1,
        history: [{ at, by: actor, from: null, to: fields.state, note }],
      };
      this.releases.push(release);
      return { release: structuredClone(release), created: true };
    }
    const current = this.releases[index];
    if (current.version !== expectedVersion) {
      throw new ConflictError(`release ${current.id} changed`);
    }
    const release: ReleaseRecord = {
      ...current,
      ...fields,
      updatedAt: at,
      version: current.version + 1,
      history:
        current.state === fields.state
          ? current.history
          : [
              ...current.history,
              { at, by: actor, from: current.state, to: fields.state, note },
            ],
    };
    this.releases[index] = release;
    return { release: structuredClone(release), created: false };
  }
}
