import { randomUUID } from 'node:crypto';
import { InputError } from '@backstage/errors';
import { normalizeRef } from '../lib/refs';
import { chunks, isUuid, parseTimestamp, Row } from './records';
import type { Db } from './StoreBase';
import type { NewEvent, NewIncident } from './types';

/**
 * The rows of ingested events, shared by the store and the PostgreSQL batch
 * writer, which must write exactly what the store writes.
 */

/** The row of a new event; validates the caller's timestamps and ids. */
export function eventRow(input: NewEvent, now: string): Row {
  const receivedAt = input.receivedAt
    ? parseTimestamp(input.receivedAt, 'receivedAt')
    : now;
  if (input.incidentId !== undefined && !isUuid(input.incidentId)) {
    throw new InputError(`Incident ${input.incidentId} does not exist`);
  }
  return {
    id: randomUUID(),
    entity_ref: input.entityRef ? normalizeRef(input.entityRef) : null,
    source: input.source,
    fingerprint: input.fingerprint,
    severity: input.severity,
    status: input.status,
    summary: input.summary,
    labels: JSON.stringify(input.labels ?? {}),
    starts_at: parseTimestamp(input.startsAt, 'startsAt'),
    ends_at: input.endsAt ? parseTimestamp(input.endsAt, 'endsAt') : null,
    incident_id: input.incidentId ?? null,
    received_at: receivedAt,
    created_at: receivedAt,
  };
}

/** The rows of a batch folded to one per key (see {@link foldEventRows}). */
export interface FoldedEventRows {
  /** The rows of the inputs, in input order, and their keys. */
  rows: Row[];
  keys: string[];
  /** One row per key, in key order. */
  unique: Array<{ key: string; row: Row }>;
  /** The incident to open with each key's event, where one was given. */
  incidents: Map<string, NewIncident>;
}

/**
 * Folds the inputs of one key (source, fingerprint, startsAt, as `keyOf`
 * spells it) into one row as consecutive upserts would: the first keeps its
 * id, later ones update it. Orders the rows by key, so that concurrent
 * batches lock rows in the same order.
 */
export function foldEventRows(
  items: ReadonlyArray<{ event: NewEvent; incident?: NewIncident }>,
  keyOf: (row: Row) => string,
): FoldedEventRows {
  const now = new Date().toISOString();
  const rows = items.map(item => eventRow(item.event, now));
  const keys = rows.map(keyOf);
  const byKey = new Map<string, Row>();
  const incidents = new Map<string, NewIncident>();
  rows.forEach((row, i) => {
    const key = keys[i];
    const earlier = byKey.get(key);
    byKey.set(
      key,
      earlier
        ? {
            ...row,
            id: earlier.id,
            created_at: earlier.created_at,
            entity_ref: row.entity_ref ?? earlier.entity_ref,
            incident_id: row.incident_id ?? earlier.incident_id,
          }
        : row,
    );
    const incident = items[i].incident;
    if (incident && !incidents.has(key)) {
      incidents.set(key, incident);
    }
  });
  const unique = [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : Number(a > b)))
    .map(([key, row]) => ({ key, row }));
  return { rows, keys, unique, incidents };
}

/** Inserts or updates event rows, returning the stored rows. */
export async function upsertEventRows(db: Db, unique: Row[]): Promise<Row[]> {
  const stored: Row[] = [];
  for (const chunk of chunks(unique, 500)) {
    stored.push(
      ...((await db('vs_events')
        .insert(chunk)
        .onConflict(['source', 'fingerprint', 'starts_at'])
        .merge({
          severity: db.raw('excluded.severity'),
          status: db.raw('excluded.status'),
          summary: db.raw('excluded.summary'),
          labels: db.raw('excluded.labels'),
          ends_at: db.raw('excluded.ends_at'),
          received_at: db.raw('excluded.received_at'),
          entity_ref: db.raw(
            'coalesce(excluded.entity_ref, vs_events.entity_ref)',
          ),
          incident_id: db.raw(
            'coalesce(excluded.incident_id, vs_events.incident_id)',
          ),
        })
        .returning('*')) as Row[]),
    );
  }
  return stored;
}
