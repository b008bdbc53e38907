/*
 * Record rows inside a transaction: insert with the first history entry,
 * the version check, the reference checks, the link tables, and reading
 * records back with what lives in other tables. Shared by the stores that
 * write or read practice records.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type {
  Approval,
  HistoryEntry,
} from '@valuestream/plugin-value-stream-common';
import { Knex } from 'knex';
import {
  chunks,
  INCIDENT_SPEC,
  isUuid,
  PROBLEM_SPEC,
  RecordSpec,
  recordToColumns,
  Row,
  rowToRecord,
  toIso,
  toNumber,
} from './records';
import { writeAuthorizationEvent } from './deploymentEvents';
import { Db, perChunk } from './StoreBase';
import { touchEntities } from './touchEntities';

/** Inserts a record and its first history entry inside `trx`. */
export async function insertRecord<T>(
  trx: Knex.Transaction,
  spec: RecordSpec,
  input: object,
  actor: string,
  at: string,
): Promise<T> {
  const id = randomUUID();
  const record: Row = { ...(input as Row) };
  await checkReferences(trx, spec, record, undefined);
  await trx(spec.table).insert({
    ...recordToColumns(spec, record),
    id,
    created_at: at,
    updated_at: at,
    created_by: actor,
    version: 1,
  });
  await trx('vs_record_history').insert({
    record_type: spec.type,
    record_id: id,
    at,
    actor,
    from_state: null,
    to_state: String(record.state),
    note: null,
  });
  await afterWrite(trx, spec, id, undefined, record, at);
  await touchEntities(trx, [record.entityRef]);
  return (await getRecord<T>(trx, spec, id))!;
}

/**
 * Reads a record for an update and checks its version. On PostgreSQL the
 * row stays locked until the transaction ends.
 */
export async function lockForUpdate(
  trx: Knex.Transaction,
  spec: RecordSpec,
  id: string,
  expectedVersion: number,
): Promise<Row> {
  if (!isUuid(id)) {
    throw new NotFoundError(`${spec.label} ${id} not found`);
  }
  const query = trx(spec.table).where('id', id);
  if (trx.client.config.client === 'pg') {
    query.forUpdate();
  }
  const row = (await query.first()) as Row | undefined;
  if (!row) {
    throw new NotFoundError(`${spec.label} ${id} not found`);
  }
  if (toNumber(row.version) !== expectedVersion) {
    throw staleVersion(spec, id, expectedVersion, toNumber(row.version));
  }
  return row;
}

export async function bumpVersion(
  trx: Knex.Transaction,
  spec: RecordSpec,
  id: string,
  expectedVersion: number,
  at: string,
) {
  const updated = await trx(spec.table)
    .where({ id, version: expectedVersion })
    .update({ version: expectedVersion + 1, updated_at: at });
  if (updated !== 1) {
    throw staleVersion(spec, id, expectedVersion);
  }
}

/** {@link touchEntities} for the entities of records given by id. */
export async function touchEntitiesOf(
  trx: Knex.Transaction,
  spec: RecordSpec,
  ids: string[],
) {
  const rows = await perChunk(ids.filter(isUuid), chunk =>
    trx(spec.table).whereIn('id', chunk).distinct('entity_ref'),
  );
  await touchEntities(
    trx,
    rows.map(row => row.entity_ref),
  );
}

export async function requireRecord(
  trx: Knex.Transaction,
  spec: RecordSpec,
  id: string,
) {
  if (!isUuid(id) || !(await trx(spec.table).where('id', id).first('id'))) {
    throw new NotFoundError(`${spec.label} ${id} not found`);
  }
}

/** Every id must name an existing record of the table, else `InputError`. */
export async function checkExists(
  db: Db,
  table: string,
  label: string,
  ids: readonly string[],
) {
  const wanted = [...new Set(ids)];
  const invalid = wanted.filter(id => !isUuid(id));
  const found = new Set<string>();
  const valid = wanted.filter(isUuid);
  for (const chunk of chunks(valid)) {
    const rows = await db(table).whereIn('id', chunk).select('id');
    rows.forEach(row => found.add(String(row.id)));
  }
  const missing = [...invalid, ...valid.filter(id => !found.has(id))];
  if (missing.length > 0) {
    throw new InputError(`${label} ${missing.join(', ')} does not exist`);
  }
}

export async function checkReferences(
  db: Db,
  spec: RecordSpec,
  next: Row,
  current: Row | undefined,
) {
  for (const ref of spec.references) {
    const value = next[ref.path];
    if (value === undefined || value === null) {
      continue;
    }
    if (current && current[ref.path] === value) {
      continue;
    }
    await checkExists(db, ref.table, ref.label, [String(value)]);
  }
}

/**
 * Keeps the link tables in step with the linked-id fields, and writes the
 * event of a deployment whose authorization flag changed.
 */
export async function afterWrite(
  trx: Knex.Transaction,
  spec: RecordSpec,
  id: string,
  current: Row | undefined,
  next: Row,
  at: string,
) {
  if (spec.type === 'release' && Array.isArray(next.changeIds)) {
    await linkReleaseChanges(trx, id, next.changeIds as string[], true);
  } else if (spec.type === 'problem' && Array.isArray(next.incidentIds)) {
    await linkProblemIncidents(trx, id, next.incidentIds as string[], at, true);
  } else if (spec.type === 'incident') {
    const before = current?.problemId as string | undefined;
    const after = next.problemId as string | undefined;
    if (before && before !== after) {
      await trx('vs_problem_incidents')
        .where({ problem_id: before, incident_id: id })
        .delete();
    }
    if (after && before !== after) {
      await trx('vs_problem_incidents')
        .insert({ problem_id: after, incident_id: id })
        .onConflict(['problem_id', 'incident_id'])
        .ignore();
    }
    if (before !== after) {
      // The problems' incident lists changed too.
      await touchEntitiesOf(
        trx,
        PROBLEM_SPEC,
        [before, after].filter((p): p is string => !!p),
      );
    }
  } else if (spec.type === 'deployment') {
    await writeAuthorizationEvent(trx, id, current, next, at);
  }
}

export async function linkReleaseChanges(
  trx: Knex.Transaction,
  releaseId: string,
  changeIds: string[],
  replace: boolean,
) {
  const ids = [...new Set(changeIds)];
  await checkExists(trx, 'vs_changes', 'Change', ids);
  if (replace) {
    const query = trx('vs_release_changes').where('release_id', releaseId);
    if (ids.length) {
      query.whereNotIn('change_id', ids);
    }
    await query.delete();
  }
  for (const chunk of chunks(ids)) {
    await trx('vs_release_changes')
      .insert(
        chunk.map(changeId => ({
          release_id: releaseId,
          change_id: changeId,
        })),
      )
      .onConflict(['release_id', 'change_id'])
      .ignore();
  }
}

export async function linkProblemIncidents(
  trx: Knex.Transaction,
  problemId: string,
  incidentIds: string[],
  at: string,
  replace: boolean,
) {
  const ids = [...new Set(incidentIds)];
  await checkExists(trx, 'vs_incidents', 'Incident', ids);
  if (replace) {
    const linked = await trx('vs_problem_incidents')
      .where('problem_id', problemId)
      .select('incident_id');
    const keep = new Set(ids);
    await unlinkProblemIncidents(
      trx,
      problemId,
      linked.map(row => String(row.incident_id)).filter(id => !keep.has(id)),
      at,
    );
  }
  for (const chunk of chunks(ids)) {
    await trx('vs_problem_incidents')
      .insert(
        chunk.map(incidentId => ({
          problem_id: problemId,
          incident_id: incidentId,
        })),
      )
      .onConflict(['problem_id', 'incident_id'])
      .ignore();
    await trx('vs_incidents')
      .whereIn('id', chunk)
      .where(q => q.whereNull('problem_id').orWhereNot('problem_id', problemId))
      .update({
        problem_id: problemId,
        updated_at: at,
        version: trx.raw('?? + 1', ['version']),
      });
  }
  await touchEntitiesOf(trx, PROBLEM_SPEC, [problemId]);
  await touchEntitiesOf(trx, INCIDENT_SPEC, ids);
}

export async function unlinkProblemIncidents(
  trx: Knex.Transaction,
  problemId: string,
  incidentIds: string[],
  at: string,
) {
  for (const chunk of chunks(incidentIds)) {
    await trx('vs_problem_incidents')
      .where('problem_id', problemId)
      .whereIn('incident_id', chunk)
      .delete();
    await trx('vs_incidents')
      .whereIn('id', chunk)
      .where('problem_id', problemId)
      .update({
        problem_id: null,
        updated_at: at,
        version: trx.raw('?? + 1', ['version']),
      });
  }
  await touchEntitiesOf(trx, PROBLEM_SPEC, [problemId]);
  await touchEntitiesOf(trx, INCIDENT_SPEC, incidentIds);
}

export async function getRecord<T>(
  db: Db,
  spec: RecordSpec,
  id: string,
): Promise<T | undefined> {
  if (!isUuid(id)) {
    return undefined;
  }
  const row = (await db(spec.table).where('id', id).first()) as Row | undefined;
  if (!row) {
    return undefined;
  }
  const [record] = await hydrate<T>(db, spec, [row]);
  return record;
}

/** Adds what lives in other tables: history, approvals, linked ids. One query each. */
export async function hydrate<T>(
  db: Db,
  spec: RecordSpec,
  rows: Row[],
  options?: { withoutHistory?: boolean },
): Promise<T[]> {
  if (rows.length === 0) {
    return [];
  }
  const records = rows.map(row => rowToRecord(spec, row));
  const ids = records.map(r => String(r.id));
  const byId = new Map(records.map(r => [String(r.id), r]));
  for (const record of records) {
    record.history = [];
    if (spec.type === 'change') record.approvals = [];
    if (spec.type === 'release') record.changeIds = [];
    if (spec.type === 'problem') record.incidentIds = [];
  }

  const history = options?.withoutHistory
    ? []
    : await perChunk(ids, chunk =>
        db('vs_record_history')
          .where('record_type', spec.type)
          .whereIn('record_id', chunk)
          .orderBy('id', 'asc'),
      );
  for (const row of history) {
    const entry: HistoryEntry = {
      at: toIso(row.at),
      by: String(row.actor),
      from: row.from_state === null ? null : String(row.from_state),
      to: String(row.to_state),
    };
    if (row.note !== null && row.note !== undefined) {
      entry.note = String(row.note);
    }
    if (row.changes !== null && row.changes !== undefined) {
      entry.changes = JSON.parse(String(row.changes));
    }
    (byId.get(String(row.record_id))!.history as HistoryEntry[]).push(entry);
  }

  if (spec.type === 'change') {
    const approvals = await perChunk(ids, chunk =>
      db('vs_change_approvals')
        .whereIn('change_id', chunk)
        .orderBy([
          { column: 'at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]),
    );
    for (const row of approvals) {
      const approval: Approval = {
        id: String(row.id),
        changeId: String(row.change_id),
        approver: String(row.approver),
        decision: row.decision,
        at: toIso(row.at),
      };
      if (row.comment !== null && row.comment !== undefined) {
        approval.comment = String(row.comment);
      }
      if (row.freeze_override === true || row.freeze_override === 1) {
        approval.freezeOverride = true;
      }
      if (row.approver_groups !== null && row.approver_groups !== undefined) {
        approval.approverGroups = JSON.parse(String(row.approver_groups));
      }
      (byId.get(approval.changeId)!.approvals as Approval[]).push(approval);
    }
  } else if (spec.type === 'release') {
    const links = await perChunk(ids, chunk =>
      db('vs_release_changes')
        .whereIn('release_id', chunk)
        .orderBy(['release_id', 'change_id']),
    );
    for (const row of links) {
      (byId.get(String(row.release_id))!.changeIds as string[]).push(
        String(row.change_id),
      );
    }
  } else if (spec.type === 'problem') {
    const links = await perChunk(ids, chunk =>
      db('vs_problem_incidents')
        .whereIn('problem_id', chunk)
        .orderBy(['problem_id', 'incident_id']),
    );
    for (const row of links) {
      (byId.get(String(row.problem_id))!.incidentIds as string[]).push(
        String(row.incident_id),
      );
    }
  }
  return records as unknown as T[];
}

export function staleVersion(
  spec: RecordSpec,
  id: string,
  expected: number,
  actual?: number,
): ConflictError {
  const now = actual === undefined ? '' : ` (it is at version ${actual})`;
  return new ConflictError(
    `${spec.label} ${id} was changed by someone else since version ${expected}${now}; reload it and try again`,
  );
}
