/*
 * The events of one delivery, and the incidents they open, written to
 * PostgreSQL in set-based statements whose parameters are one JSON document
 * each: a batch of a hundred alerts is one upsert (plus one statement for
 * the incidents it opens), not hundreds of bound values that the client
 * renders, numbers and serializes one by one.
 *
 * It writes what `ValueStreamStore.upsertEventsOpeningIncidents` writes, with
 * the same guarantees: one row per (source, fingerprint, startsAt), also
 * under concurrent deliveries (the unique index decides); rows locked in key
 * order; an incident opened only for an event that is the only event of its
 * (source, fingerprint) and linked to none, in the transaction that stores
 * it; and when a concurrent delivery opened that incident first, nothing of
 * the transaction kept and the events stored alone for the caller to
 * correlate.
 */
import { randomUUID } from 'node:crypto';
import { InputError } from '@backstage/errors';
import type { EventRecord } from '@valuestream/plugin-value-stream-common';
import type { Knex } from 'knex';
import {
  INCIDENT_SPEC,
  isUuid,
  normalizeRef,
  parseTimestamp,
  recordToColumns,
  Row,
} from '../database/records';
import type {
  IngestedEventResult,
  NewEvent,
  NewIncident,
} from '../database/ValueStreamStore';

/** One event of a delivery and the incident it opens when it is the first. */
export interface EventBatchItem {
  event: NewEvent;
  incident?: NewIncident;
}

/** The columns of vs_events the writer sets, in insert order. */
const EVENT_COLUMNS = [
  'id',
  'entity_ref',
  'source',
  'fingerprint',
  'severity',
  'status',
  'summary',
  'labels',
  'starts_at',
  'ends_at',
  'incident_id',
  'received_at',
  'created_at',
] as const;

const UPSERT_EVENTS = `
insert into vs_events as e (${EVENT_COLUMNS.join(', ')})
select ${EVENT_COLUMNS.join(', ')}
from jsonb_populate_recordset(null::vs_events, ?::jsonb) with ordinality as t
order by t.ordinality
on conflict (source, fingerprint, starts_at) do update set
  severity = excluded.severity,
  status = excluded.status,
  summary = excluded.summary,
  labels = excluded.labels,
  ends_at = excluded.ends_at,
  received_at = excluded.received_at,
  entity_ref = coalesce(excluded.entity_ref, e.entity_ref),
  incident_id = coalesce(excluded.incident_id, e.incident_id)
returning id, entity_ref, incident_id, source, fingerprint,
  (extract(epoch from starts_at) * 1000)::bigint as starts_ms`;

/** A stored event as the upsert returns it. */
interface StoredEvent {
  id: string;
  entity_ref: string | null;
  incident_id: string | null;
  source: string;
  fingerprint: string;
  starts_ms: string | number;
}

/** An event row of the batch with the input it came from. */
interface BatchRow {
  key: string;
  row: Row;
  input: NewEvent;
}

function eventKey(source: string, fingerprint: string, startsMs: number) {
  return `${source}\u0000${fingerprint}\u0000${startsMs}`;
}

/** The row the store writes for an event (see the store's `eventRow`). */
function eventRow(input: NewEvent, now: string): BatchRow {
  const receivedAt = input.receivedAt
    ? parseTimestamp(input.receivedAt, 'receivedAt')
    : now;
  if (input.incidentId !== undefined && !isUuid(input.incidentId)) {
    throw new InputError(`Incident ${input.incidentId} does not exist`);
  }
  const startsAt = parseTimestamp(input.startsAt, 'startsAt');
  return {
    key: eventKey(input.source, input.fingerprint, Date.parse(startsAt)),
    input,
    row: {
      id: randomUUID(),
      entity_ref: input.entityRef ? normalizeRef(input.entityRef) : null,
      source: input.source,
      fingerprint: input.fingerprint,
      severity: input.severity,
      status: input.status,
      summary: input.summary,
      labels: JSON.stringify(input.labels ?? {}),
      starts_at: startsAt,
      ends_at: input.endsAt ? parseTimestamp(input.endsAt, 'endsAt') : null,
      incident_id: input.incidentId ?? null,
      received_at: receivedAt,
      created_at: receivedAt,
    },
  };
}

/** The batch's rows in input order, and one row per key in key order. */
function fold(items: readonly EventBatchItem[]) {
  const now = new Date().toISOString();
  const rows = items.map(item => eventRow(item.event, now));
  const byKey = new Map<string, BatchRow>();
  const incidents = new Map<string, NewIncident>();
  rows.forEach((current, i) => {
    const earlier = byKey.get(current.key);
    // Later inputs of a key update the row as consecutive upserts would.
    byKey.set(
      current.key,
      earlier
        ? {
            ...current,
            row: {
              ...current.row,
              id: earlier.row.id,
              created_at: earlier.row.created_at,
              entity_ref: current.row.entity_ref ?? earlier.row.entity_ref,
              incident_id: current.row.incident_id ?? earlier.row.incident_id,
            },
          }
        : current,
    );
    const incident = items[i].incident;
    if (incident && !incidents.has(current.key)) {
      incidents.set(current.key, incident);
    }
  });
  // Key order: concurrent deliveries lock shared rows in the same order.
  const unique = [...byKey.values()].sort((a, b) =>
    a.key < b.key ? -1 : Number(a.key > b.key),
  );
  return { rows, byKey, unique, incidents };
}

type Folded = ReturnType<typeof fold>;

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === '23505';
}

/**
 * Writes the events of a delivery, and the incidents they open, to
 * PostgreSQL; see the file comment.
 */
export class PgEventBatchWriter {
  readonly #db: Knex;

  /** A writer for the database, when it is PostgreSQL. */
  static forDatabase(db: Knex | undefined): PgEventBatchWriter | undefined {
    const client = db?.client?.config?.client;
    return db && (client === 'pg' || client === 'postgres')
      ? new PgEventBatchWriter(db)
      : undefined;
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  /** Whether the writer stores these incidents as the store would. */
  static canOpen(incident: NewIncident): boolean {
    // The store checks the records an incident refers to, and links it to
    // its problem; incidents ingestion opens refer to none.
    return !incident.causedByChangeId && !incident.problemId;
  }

  /**
   * `upsertEvents` (no incidents given) or `upsertEventsOpeningIncidents`:
   * results in input order, only the first input of a key `created`.
   */
  async write(
    items: readonly EventBatchItem[],
    writer: { at: string; actor: string },
  ): Promise<IngestedEventResult[]> {
    const batch = fold(items);
    if (batch.unique.length === 0) {
      return [];
    }
    if (batch.incidents.size === 0) {
      // One statement: atomic without a transaction around it.
      return this.#results(batch, await this.#upsert(this.#db, batch));
    }
    try {
      return await this.#db.transaction(async trx => {
        const stored = await this.#upsert(trx, batch);
        const opened = await this.#openFirstIncidents(
          trx,
          batch,
          stored,
          writer,
        );
        return this.#results(batch, stored, opened);
      });
    } catch (error) {
      // A concurrent delivery opened one of the incidents first; nothing of
      // this transaction was kept. Store the events alone: the caller
      // correlates them to that incident.
      if (!isUniqueViolation(error)) {
        throw error;
      }
      return this.write(
        items.map(i => ({ event: i.event })),
        writer,
      );
    }
  }

  async #upsert(db: Knex, batch: Folded): Promise<Map<string, StoredEvent>> {
    const { rows } = await db.raw(UPSERT_EVENTS, [
      JSON.stringify(batch.unique.map(r => r.row)),
    ]);
    const stored = new Map<string, StoredEvent>();
    for (const row of rows as StoredEvent[]) {
      stored.set(
        eventKey(row.source, row.fingerprint, Number(row.starts_ms)),
        row,
      );
    }
    return stored;
  }

  /**
   * Opens the incidents of events that are the only event of their
   * (source, fingerprint) and linked to none: one statement counts, inserts
   * the incidents and their history, and links the events. Returns the new
   * incident id by event key.
   */
  async #openFirstIncidents(
    trx: Knex.Transaction,
    batch: Folded,
    stored: Map<string, StoredEvent>,
    writer: { at: string; actor: string },
  ): Promise<Map<string, string>> {
    const at = parseTimestamp(writer.at, 'write time');
    const links: Row[] = [];
    const keys: string[] = [];
    const incidents: Row[] = [];
    for (const [key, incident] of batch.incidents) {
      const event = stored.get(key)!;
      if (event.incident_id) {
        continue;
      }
      const id = randomUUID();
      // By position: event keys hold NUL, which jsonb cannot.
      links.push({
        n: keys.push(key) - 1,
        event_id: event.id,
        incident_id: id,
        source: event.source,
        fingerprint: event.fingerprint,
      });
      incidents.push({
        ...recordToColumns(INCIDENT_SPEC, incident as unknown as Row),
        id,
        created_at: at,
        updated_at: at,
        created_by: writer.actor,
        version: 1,
      });
    }
    const opened = new Map<string, string>();
    if (incidents.length === 0) {
      return opened;
    }
    const columns = Object.keys(incidents[0]);
    const { rows } = await trx.raw(
      `
with link as (
  select * from jsonb_to_recordset(?::jsonb)
    as l(n int, event_id uuid, incident_id uuid, source text, fingerprint text)
), first as (
  select l.* from link l
  where (select count(*) from vs_events e
         where e.source = l.source and e.fingerprint = l.fingerprint) = 1
), incident as (
  insert into vs_incidents (${columns.join(', ')})
  select ${columns.map(c => `i.${c}`).join(', ')}
  from jsonb_populate_recordset(null::vs_incidents, ?::jsonb) i
  join first f on f.incident_id = i.id
  returning id, state
), history as (
  insert into vs_record_history
    (record_type, record_id, at, actor, from_state, to_state, note)
  select ?, id, ?::timestamptz, ?, null, state, null from incident
), linked as (
  update vs_events e set incident_id = f.incident_id
  from first f where e.id = f.event_id
)
select n, incident_id from first`,
      [
        JSON.stringify(links),
        JSON.stringify(incidents),
        INCIDENT_SPEC.type,
        at,
        writer.actor,
      ],
    );
    for (const row of rows as Array<{ n: number; incident_id: string }>) {
      opened.set(keys[row.n], row.incident_id);
    }
    return opened;
  }

  #results(
    batch: Folded,
    stored: Map<string, StoredEvent>,
    opened = new Map<string, string>(),
  ): IngestedEventResult[] {
    const events = new Map<string, EventRecord>();
    const seen = new Set<string>();
    return batch.rows.map(({ key }) => {
      const result = stored.get(key)!;
      let event = events.get(key);
      if (!event) {
        const { row, input } = batch.byKey.get(key)!;
        const incidentId = opened.get(key) ?? result.incident_id;
        event = {
          id: String(result.id),
          entityRef: result.entity_ref ? String(result.entity_ref) : null,
          source: input.source,
          fingerprint: input.fingerprint,
          severity: input.severity,
          status: input.status,
          summary: input.summary,
          // A copy, as a stored event read back would be.
          labels: { ...input.labels },
          startsAt: String(row.starts_at),
          receivedAt: String(row.received_at),
          ...(row.ends_at ? { endsAt: String(row.ends_at) } : {}),
          ...(incidentId ? { incidentId: String(incidentId) } : {}),
        };
        events.set(key, event);
      }
      const first = !seen.has(key);
      if (!first) {
        event = { ...event, labels: { ...event.labels } };
      }
      seen.add(key);
      const incidentId = opened.get(key);
      return {
        event,
        created: first && String(result.id) === batch.byKey.get(key)!.row.id,
        ...(first && incidentId ? { openedIncidentId: incidentId } : {}),
      };
    });
  }
}
