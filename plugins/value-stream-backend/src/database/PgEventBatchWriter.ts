/*
 * The events of one delivery, and the incidents they open, written to
 * PostgreSQL in one statement whose parameters are JSON documents: a batch
 * of a hundred alerts is one round trip, not a transaction of several
 * statements with hundreds of bound values that the client renders,
 * numbers and serializes one by one.
 *
 * It writes what `EventStore.upsertOpeningIncidents` writes, with
 * the same guarantees: one row per (source, fingerprint, startsAt), also
 * under concurrent deliveries (the unique index decides); rows locked in key
 * order; an incident opened only for an event that is the only event of its
 * (source, fingerprint) and linked to none, atomically with the event and
 * its history; and when a concurrent delivery opened that incident first,
 * nothing of the statement kept and the events stored alone for the caller
 * to correlate.
 */
import { randomUUID } from 'node:crypto';
import type { EventRecord } from '@valuestream/plugin-value-stream-common';
import type { Knex } from 'knex';
import { INCIDENT_SPEC, parseTimestamp, recordToColumns, Row } from './records';
import { foldEventRows } from './eventRows';
import { touchEntitiesOnPostgres } from './touchEntities';
import type { IngestedEventResult, NewEvent, NewIncident } from './types';

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

/** The columns of vs_events but the incident link, as the input has them. */
const PLAIN_COLUMNS = EVENT_COLUMNS.filter(c => c !== 'incident_id');

/**
 * The events of a batch and the incidents they open, in one statement.
 * Parameters: the event rows (each with `opens`, the id of the incident it
 * opens when it is the first event of its fingerprint, or null), the
 * incident rows, the history's record type, time and actor.
 *
 * An event opens its incident when the upsert leaves it linked to that
 * incident: it was linked to none, and no other event of its (source,
 * fingerprint) was stored when the statement began (the caller leaves out
 * drafts whose fingerprint has two keys in the batch). A concurrent
 * delivery of the same alert waits for the first on the unique index and
 * then finds the event linked, so it opens nothing.
 */
const UPSERT_EVENTS = `
with draft as (
  select * from jsonb_populate_recordset(null::vs_incidents, ?::jsonb)
), stored as (
  insert into vs_events as e (${PLAIN_COLUMNS.join(', ')}, incident_id)
  select ${PLAIN_COLUMNS.map(c => `t.${c}`).join(', ')},
    coalesce(t.incident_id, case
      when (j.doc->>'opens') is not null and not exists (
        select 1 from vs_events x
        where x.source = t.source and x.fingerprint = t.fingerprint
          and x.starts_at <> t.starts_at)
      then (j.doc->>'opens')::uuid end)
  from jsonb_array_elements(?::jsonb) with ordinality as j(doc, n),
    lateral jsonb_populate_record(null::vs_events, j.doc) as t
  order by j.n
  on conflict (source, fingerprint, starts_at) do update set
    severity = excluded.severity,
    status = excluded.status,
    summary = excluded.summary,
    labels = excluded.labels,
    ends_at = excluded.ends_at,
    received_at = excluded.received_at,
    entity_ref = coalesce(excluded.entity_ref, e.entity_ref),
    -- A given link wins; an incident to open only links an unlinked event.
    incident_id = case
      when excluded.incident_id in (select id from draft)
      then coalesce(e.incident_id, excluded.incident_id)
      else coalesce(excluded.incident_id, e.incident_id) end
  returning id, entity_ref, incident_id, source, fingerprint,
    (extract(epoch from starts_at) * 1000)::bigint as starts_ms
), opened as (
  insert into vs_incidents (%INCIDENT_COLUMNS%)
  select %DRAFT_COLUMNS% from draft d
  where d.id in (select incident_id from stored)
  returning id, state
), history as (
  insert into vs_record_history
    (record_type, record_id, at, actor, from_state, to_state, note)
  select ?, id, ?::timestamptz, ?, null, state, null from opened
)
select s.*, s.incident_id in (select id from opened) as opened from stored s`;

/** A stored event as the upsert returns it. */
interface StoredEvent {
  id: string;
  entity_ref: string | null;
  incident_id: string | null;
  source: string;
  fingerprint: string;
  starts_ms: string | number;
  /** Whether this statement opened the event's incident. */
  opened: boolean;
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

/**
 * The batch folded as the store folds it, with each key's row and the last
 * input of the key, whose fields the results report.
 */
function fold(items: readonly EventBatchItem[]) {
  const folded = foldEventRows(items, row =>
    eventKey(
      String(row.source),
      String(row.fingerprint),
      Date.parse(String(row.starts_at)),
    ),
  );
  const inputs = new Map(folded.keys.map((key, i) => [key, items[i].event]));
  const byKey = new Map<string, BatchRow>(
    folded.unique.map(({ key, row }) => [
      key,
      { key, row, input: inputs.get(key)! },
    ]),
  );
  return {
    keys: folded.keys,
    byKey,
    unique: folded.unique,
    incidents: folded.incidents,
  };
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
   * `EventStore.upsertMany` (no incidents given) or `upsertOpeningIncidents`:
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
    const drafts = this.#drafts(batch, writer);
    let stored: Map<string, StoredEvent>;
    try {
      stored = await this.#upsert(batch, drafts, writer);
    } catch (error) {
      // A concurrent delivery opened one of the incidents first; nothing of
      // the statement was kept. Store the events alone: the caller
      // correlates them to that incident.
      if (drafts.size === 0 || !isUniqueViolation(error)) {
        throw error;
      }
      stored = await this.#upsert(batch, new Map(), writer);
    }
    await this.#touchOpened(stored);
    return this.#results(batch, stored);
  }

  /**
   * The read models of the entities that got incidents (board counts,
   * summaries), as every store write keeps them; in one more round trip.
   * After the statement committed, which is safe: a summary built meanwhile
   * carries the older generation, so the bump still makes it stale; and the
   * recount runs behind the entities' summary row locks, like every
   * writer's.
   */
  async #touchOpened(stored: Map<string, StoredEvent>) {
    const refs = [...stored.values()]
      .filter(row => row.opened && row.entity_ref)
      .map(row => row.entity_ref);
    if (refs.length > 0) {
      await touchEntitiesOnPostgres(this.#db, refs);
    }
  }

  /**
   * The incident rows to open, by event key: those given with events linked
   * to none whose fingerprint has no other key in the batch.
   */
  #drafts(
    batch: Folded,
    writer: { at: string; actor: string },
  ): Map<string, Row> {
    const drafts = new Map<string, Row>();
    if (batch.incidents.size === 0) {
      return drafts;
    }
    const keysPerFingerprint = new Map<string, number>();
    for (const { row } of batch.unique) {
      const fingerprint = `${row.source}\u0000${row.fingerprint}`;
      keysPerFingerprint.set(
        fingerprint,
        (keysPerFingerprint.get(fingerprint) ?? 0) + 1,
      );
    }
    const at = parseTimestamp(writer.at, 'write time');
    for (const [key, incident] of batch.incidents) {
      const { row } = batch.byKey.get(key)!;
      if (
        row.incident_id ||
        keysPerFingerprint.get(`${row.source}\u0000${row.fingerprint}`) !== 1
      ) {
        continue;
      }
      drafts.set(key, {
        ...recordToColumns(INCIDENT_SPEC, incident as unknown as Row),
        id: randomUUID(),
        created_at: at,
        updated_at: at,
        created_by: writer.actor,
        version: 1,
      });
    }
    return drafts;
  }

  async #upsert(
    batch: Folded,
    drafts: Map<string, Row>,
    writer: { at: string; actor: string },
  ): Promise<Map<string, StoredEvent>> {
    const incidents = [...drafts.values()];
    const columns = incidents.length ? Object.keys(incidents[0]) : ['id'];
    const sql = UPSERT_EVENTS.replace(
      '%INCIDENT_COLUMNS%',
      columns.join(', '),
    ).replace('%DRAFT_COLUMNS%', columns.map(c => `d.${c}`).join(', '));
    const { rows } = await this.#db.raw(sql, [
      JSON.stringify(incidents),
      JSON.stringify(
        batch.unique.map(({ key, row }) => ({
          ...row,
          opens: drafts.get(key)?.id ?? null,
        })),
      ),
      INCIDENT_SPEC.type,
      drafts.size ? parseTimestamp(writer.at, 'write time') : null,
      writer.actor,
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

  #results(
    batch: Folded,
    stored: Map<string, StoredEvent>,
  ): IngestedEventResult[] {
    const events = new Map<string, EventRecord>();
    const seen = new Set<string>();
    return batch.keys.map(key => {
      const result = stored.get(key)!;
      let event = events.get(key);
      if (!event) {
        const { row, input } = batch.byKey.get(key)!;
        const incidentId = result.incident_id;
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
      return {
        event,
        created: first && String(result.id) === batch.byKey.get(key)!.row.id,
        ...(first && result.opened && result.incident_id
          ? { openedIncidentId: String(result.incident_id) }
          : {}),
      };
    });
  }
}
