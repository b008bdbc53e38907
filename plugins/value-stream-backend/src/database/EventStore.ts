/*
 * Alert and webhook events, and the incidents they open: the writes of
 * ingestion. On PostgreSQL a delivery's batch goes through
 * `PgEventBatchWriter` (one statement); elsewhere through knex.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  EventRecord,
  IncidentRecord,
  Page,
} from '@valuestream/plugin-value-stream-common';
import { Knex } from 'knex';
import { normalizeRef } from '../lib/refs';
import { foldEventRows, upsertEventRows } from './eventRows';
import { EventBatchItem, PgEventBatchWriter } from './PgEventBatchWriter';
import {
  afterWrite,
  checkExists,
  checkReferences,
  getRecord,
  insertRecord,
} from './recordRows';
import {
  chunks,
  INCIDENT_SPEC,
  isUuid,
  parseTimestamp,
  recordToColumns,
  Row,
  toIso,
  toNumber,
} from './records';
import { incidentByExternalId } from './RecordStore';
import {
  checkLimit,
  isUniqueViolation,
  keyset,
  MAX_LIMIT,
  pageOf,
  perChunk,
  StoreBase,
  writeTime,
} from './StoreBase';
import { touchEntities } from './touchEntities';
import type {
  CreateIncidentForEventResult,
  CreateOptions,
  EventListFilter,
  IngestedEventResult,
  NewEvent,
  NewIncident,
  UpsertEventResult,
} from './types';

export type { EventBatchItem } from './PgEventBatchWriter';

/** Events, and the incidents opened for them. */
export class EventStore extends StoreBase {
  readonly #pg?: PgEventBatchWriter;

  constructor(db: Knex) {
    super(db);
    this.#pg = PgEventBatchWriter.forDatabase(db);
  }

  /**
   * The events of one delivery and the incidents they open: the fastest
   * path that writes what `upsertOpeningIncidents` writes (one statement on
   * PostgreSQL when the incidents refer to no other record).
   */
  async writeBatch(
    items: readonly EventBatchItem[],
    options: { actor: string; at: string },
  ): Promise<IngestedEventResult[]> {
    const opensIncidents = items.some(i => i.incident);
    if (
      this.#pg &&
      items.every(i => !i.incident || PgEventBatchWriter.canOpen(i.incident))
    ) {
      return this.#pg.write(items, options);
    }
    return opensIncidents
      ? this.upsertOpeningIncidents(items, options)
      : this.upsertMany(items.map(i => i.event));
  }

  /**
   * Inserts an event, or updates status, severity, summary, labels, endsAt,
   * entityRef and receivedAt of the one with the same (source, fingerprint,
   * startsAt). Safe under concurrent deliveries.
   */
  async upsert(input: NewEvent): Promise<UpsertEventResult> {
    const [result] = await this.upsertMany([input]);
    return result;
  }

  /**
   * `upsert` for many events in one transaction, results in input order.
   * Inputs with the same (source, fingerprint, startsAt) fold into one row
   * as consecutive upserts would; only the first can be `created`.
   */
  async upsertMany(inputs: readonly NewEvent[]): Promise<UpsertEventResult[]> {
    const batch = foldEvents(inputs.map(event => ({ event })));
    if (batch.unique.length === 0) {
      return [];
    }
    // One statement per 500 rows (13 parameters each), in one transaction.
    const stored =
      batch.unique.length <= 500
        ? await upsertEventRows(this.db, batch.unique)
        : await this.db.transaction(trx => upsertEventRows(trx, batch.unique));
    return eventResults(batch, stored, new Map());
  }

  /**
   * `upsertMany` that also, in the same transaction, opens the incident
   * given with an event when that event is the only one of its (source,
   * fingerprint) and no incident links it (nothing to correlate it with),
   * and links the event to it. When a unique index refuses an incident
   * (opened meanwhile by a concurrent delivery) it stores the events alone,
   * and the caller correlates them.
   */
  async upsertOpeningIncidents(
    items: readonly EventBatchItem[],
    options: CreateOptions,
  ): Promise<IngestedEventResult[]> {
    const { actor } = options;
    const batch = foldEvents(items);
    if (batch.unique.length === 0) {
      return [];
    }
    const at = writeTime(options);
    try {
      return await this.db.transaction(async trx => {
        const stored = await upsertEventRows(trx, batch.unique);
        const opened = await this.#openFirstIncidents(
          trx,
          batch,
          stored,
          actor,
          at,
        );
        return eventResults(batch, stored, opened);
      });
    } catch (error) {
      // A concurrent delivery opened one of the incidents first; nothing of
      // this transaction was kept. Store the events alone: the caller
      // correlates them to that incident.
      if (!isUniqueViolation(error)) {
        throw error;
      }
      return this.upsertMany(items.map(i => i.event));
    }
  }

  /**
   * Opens the incidents given with events that are the only event of their
   * (source, fingerprint) and linked to none; multi-row writes. Returns the
   * new incident id by event key.
   */
  async #openFirstIncidents(
    trx: Knex.Transaction,
    batch: FoldedEvents,
    stored: Row[],
    actor: string,
    at: string,
  ): Promise<Map<string, string>> {
    const candidates = stored.filter(
      row => !row.incident_id && batch.incidents.has(eventKey(row)),
    );
    const opened = new Map<string, string>();
    if (candidates.length === 0) {
      return opened;
    }
    const counts = new Map<string, number>();
    for (const source of new Set(candidates.map(row => String(row.source)))) {
      const fingerprints = [
        ...new Set(
          candidates
            .filter(row => row.source === source)
            .map(row => String(row.fingerprint)),
        ),
      ];
      const rows = await perChunk(fingerprints, chunk =>
        trx('vs_events')
          .where('source', source)
          .whereIn('fingerprint', chunk)
          .groupBy('fingerprint')
          .select('fingerprint', trx.raw('count(*) as n')),
      );
      for (const row of rows) {
        counts.set(`${source}\u0000${row.fingerprint}`, toNumber(row.n));
      }
    }
    const first = candidates.filter(
      row => counts.get(`${row.source}\u0000${row.fingerprint}`) === 1,
    );
    if (first.length === 0) {
      return opened;
    }
    const incidents: Row[] = [];
    for (const row of first) {
      const record: Row = {
        ...(batch.incidents.get(eventKey(row)) as unknown as Row),
      };
      await checkReferences(trx, INCIDENT_SPEC, record, undefined);
      const id = randomUUID();
      incidents.push({
        ...recordToColumns(INCIDENT_SPEC, record),
        id,
        created_at: at,
        updated_at: at,
        created_by: actor,
        version: 1,
      });
      await afterWrite(trx, INCIDENT_SPEC, id, undefined, record, at);
      opened.set(eventKey(row), id);
    }
    for (const [i, chunk] of chunks(incidents, 100).entries()) {
      await trx(INCIDENT_SPEC.table).insert(chunk);
      await trx('vs_record_history').insert(
        chunk.map(row => ({
          record_type: INCIDENT_SPEC.type,
          record_id: row.id,
          at,
          actor,
          from_state: null,
          to_state: String(row.state),
          note: null,
        })),
      );
      const events = first.slice(i * 100, (i + 1) * 100);
      // One statement links them all; PostgreSQL wants the uuid type named.
      const value = trx.client.config.client === 'pg' ? 'cast(? as uuid)' : '?';
      await trx('vs_events')
        .whereIn(
          'id',
          events.map(row => String(row.id)),
        )
        .update({
          incident_id: trx.raw(
            `case id ${events.map(() => `when ? then ${value}`).join(' ')} end`,
            events.flatMap(row => [String(row.id), opened.get(eventKey(row))!]),
          ),
        });
    }
    await touchEntities(
      trx,
      incidents.map(row => row.entity_ref),
    );
    return opened;
  }

  async get(id: string): Promise<EventRecord | undefined> {
    if (!isUuid(id)) {
      return undefined;
    }
    const row = await this.db('vs_events').where('id', id).first();
    return row ? eventFromRow(row) : undefined;
  }

  async list(filter: EventListFilter): Promise<Page<EventRecord>> {
    const limit = checkLimit(filter.limit);
    const query = this.db('vs_events');
    if (filter.entityRef) {
      query.where('entity_ref', normalizeRef(filter.entityRef));
    }
    if (filter.unmatched) {
      query.whereNull('entity_ref');
    }
    if (filter.source) {
      query.where('source', filter.source);
    }
    if (filter.status) {
      query.where('status', filter.status);
    }
    const rows = await keyset(query, limit, filter.cursor);
    return pageOf(rows, limit, rows.map(eventFromRow));
  }

  /** Links an event to the incident it opened or was correlated to. */
  async setIncident(eventId: string, incidentId: string) {
    await this.db.transaction(async trx => {
      if (
        !isUuid(eventId) ||
        !(await trx('vs_events').where('id', eventId).first())
      ) {
        throw new NotFoundError(`Event ${eventId} not found`);
      }
      await checkExists(trx, 'vs_incidents', 'Incident', [incidentId]);
      await trx('vs_events')
        .where('id', eventId)
        .update({ incident_id: incidentId });
    });
  }

  /**
   * Events of one (source, fingerprint) received at or after `since`, newest
   * received first, at most 500.
   */
  async listByFingerprint(
    source: string,
    fingerprint: string,
    since: string,
  ): Promise<EventRecord[]> {
    const rows = await this.db('vs_events')
      .where({ source, fingerprint })
      .where('received_at', '>=', parseTimestamp(since, 'since'))
      .orderBy('received_at', 'desc')
      .limit(MAX_LIMIT);
    return rows.map(eventFromRow);
  }

  /**
   * Sets the entity of an unmatched event. A missing event is a
   * `NotFoundError`, an event that has an entity already a `ConflictError`
   * (compare-and-set: of two concurrent mappings one wins).
   */
  async map(eventId: string, entityRef: string): Promise<EventRecord> {
    if (!isUuid(eventId)) {
      throw new NotFoundError(`Event ${eventId} not found`);
    }
    const updated = await this.db('vs_events')
      .where('id', eventId)
      .whereNull('entity_ref')
      .update({ entity_ref: normalizeRef(entityRef) });
    const event = await this.get(eventId);
    if (!event) {
      throw new NotFoundError(`Event ${eventId} not found`);
    }
    if (updated !== 1) {
      throw new ConflictError(
        `Event ${eventId} is already matched to ${event.entityRef}`,
      );
    }
    return event;
  }

  /**
   * The newest open incident linked to any event of the (source,
   * fingerprint).
   */
  async findOpenIncidentForFingerprint(
    source: string,
    fingerprint: string,
  ): Promise<IncidentRecord | undefined> {
    const row = await this.db('vs_incidents as i')
      .whereIn(
        'i.id',
        this.db('vs_events')
          .select('incident_id')
          .where({ source, fingerprint })
          .whereNotNull('incident_id'),
      )
      .where('i.is_open', true)
      .orderBy([
        { column: 'i.created_at', order: 'desc' },
        { column: 'i.id', order: 'desc' },
      ])
      .first('i.id');
    return row ? this.#incident(String(row.id)) : undefined;
  }

  /**
   * Creates an incident and links the event to it in one transaction.
   * Idempotent by (source, externalId): when that incident exists (also
   * created concurrently by another replica), links the event to it and
   * returns it with `created: false`.
   */
  async createIncidentFor(
    input: NewIncident,
    options: CreateOptions & { eventId: string },
  ): Promise<CreateIncidentForEventResult> {
    const { eventId, actor } = options;
    if (!isUuid(eventId)) {
      throw new NotFoundError(`Event ${eventId} not found`);
    }
    const at = writeTime(options);
    try {
      const incident = await this.db.transaction(async trx => {
        const created = await insertRecord<IncidentRecord>(
          trx,
          INCIDENT_SPEC,
          input,
          actor,
          at,
        );
        const linked = await trx('vs_events')
          .where('id', eventId)
          .update({ incident_id: created.id });
        if (linked !== 1) {
          throw new NotFoundError(`Event ${eventId} not found`);
        }
        return created;
      });
      return { incident, created: true };
    } catch (error) {
      // A concurrent delivery created it first: the unique index on
      // (source, external_id) refused this one and rolled it back.
      if (!isUniqueViolation(error) || !input.source || !input.externalId) {
        throw error;
      }
      const existing = await incidentByExternalId(
        this.db,
        input.source,
        input.externalId,
      );
      if (!existing) {
        throw error;
      }
      await this.setIncident(eventId, existing.id);
      return { incident: existing, created: false };
    }
  }

  #incident(id: string): Promise<IncidentRecord | undefined> {
    return getRecord<IncidentRecord>(this.db, INCIDENT_SPEC, id);
  }
}

/** Events of one batch, one row per key (see `foldEvents`). */
interface FoldedEvents {
  /** The rows of the inputs, in input order. */
  rows: Row[];
  /** One row per key, in key order. */
  unique: Row[];
  /** The id each key's row was given: a key whose stored id differs existed. */
  ids: Map<string, string>;
  /** The incident to open with each key's event, where one was given. */
  incidents: Map<string, NewIncident>;
}

/** {@link foldEventRows} keyed as the store reads rows back. */
function foldEvents(items: readonly EventBatchItem[]): FoldedEvents {
  const folded = foldEventRows(items, eventKey);
  return {
    rows: folded.rows,
    unique: folded.unique.map(({ row }) => row),
    ids: new Map(folded.unique.map(({ key, row }) => [key, String(row.id)])),
    incidents: folded.incidents,
  };
}

/** The result of each input: only the first input of a key can be created. */
function eventResults(
  batch: FoldedEvents,
  stored: Row[],
  opened: Map<string, string>,
): IngestedEventResult[] {
  const storedByKey = new Map(stored.map(row => [eventKey(row), row]));
  const seen = new Set<string>();
  return batch.rows.map(row => {
    const key = eventKey(row);
    const result = storedByKey.get(key)!;
    const first = !seen.has(key);
    seen.add(key);
    const incidentId = opened.get(key);
    const event = eventFromRow(
      incidentId ? { ...result, incident_id: incidentId } : result,
    );
    return {
      event,
      created: first && String(result.id) === batch.ids.get(key),
      ...(first && incidentId ? { openedIncidentId: incidentId } : {}),
    };
  });
}

/** A UTC ISO timestamp as `parseTimestamp` writes it. */
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The identity of an event row: (source, fingerprint, startsAt). */
function eventKey(row: Row): string {
  const startsAt = row.starts_at;
  // Written by parseTimestamp, so read back as written on SQLite: skip the
  // date parse for a value already in that form.
  const iso =
    typeof startsAt === 'string' && ISO_UTC.test(startsAt)
      ? startsAt
      : toIso(startsAt);
  return `${row.source}\u0000${row.fingerprint}\u0000${iso}`;
}

function eventFromRow(row: Row): EventRecord {
  const event: EventRecord = {
    id: String(row.id),
    entityRef: row.entity_ref ? String(row.entity_ref) : null,
    source: row.source as EventRecord['source'],
    fingerprint: String(row.fingerprint),
    severity: row.severity as EventRecord['severity'],
    status: row.status as EventRecord['status'],
    summary: String(row.summary),
    labels: JSON.parse(String(row.labels)),
    startsAt: toIso(row.starts_at),
    receivedAt: toIso(row.received_at),
  };
  if (row.ends_at) {
    event.endsAt = toIso(row.ends_at);
  }
  if (row.incident_id) {
    event.incidentId = String(row.incident_id);
  }
  return event;
}
