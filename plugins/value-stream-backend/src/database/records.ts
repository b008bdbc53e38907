/*
 * How practice records map to table rows: one declarative spec per record
 * type, and the conversions between the domain shape and the columns. The
 * columns are the same on SQLite and PostgreSQL: timestamps are written as UTC
 * ISO strings and read back from either a string or a `Date`, booleans from
 * either `0/1` or `true/false`, JSON from `text`.
 */
import { InputError } from '@backstage/errors';
import {
  isOpen,
  type RecordType,
} from '@valuestream/plugin-value-stream-common';
import { normalizeRef } from '../lib/refs';

/** A database row or a record under construction. */
export type Row = Record<string, unknown>;

/** The record types that live in their own table with a version and history. */
export type StoredRecordType = Exclude<RecordType, 'event'>;

type ColumnKind = 'string' | 'bool' | 'int' | 'float' | 'ts' | 'json';

interface FieldSpec {
  /** Property path in the record, one level of nesting at most (`sla.pausedMs`). */
  path: string;
  column: string;
  kind: ColumnKind;
  /** Value when the column is null and the property is not optional. */
  defaultValue?: unknown;
}

/** A field that holds the id of another record. */
interface ReferenceSpec {
  path: string;
  table: string;
  label: string;
}

/** Everything the store needs to know about one record type. */
export interface RecordSpec {
  type: StoredRecordType;
  /** For messages: `Change`, `Service level`. */
  label: string;
  table: string;
  fields: FieldSpec[];
  references: ReferenceSpec[];
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`);
}

function field(path: string, kind: ColumnKind, defaultValue?: unknown) {
  const last = path.split('.').pop()!;
  return { path, column: snake(last), kind, defaultValue };
}

/** @internal */
export const CHANGE_SPEC: RecordSpec = {
  type: 'change',
  label: 'Change',
  table: 'vs_changes',
  fields: [
    field('title', 'string'),
    field('description', 'string'),
    field('type', 'string'),
    field('requestedBy', 'string'),
    field('plannedStart', 'ts'),
    field('plannedEnd', 'ts'),
    field('riskScore', 'int'),
    field('riskLevel', 'string'),
    field('riskFactors', 'json'),
    field('conflicts', 'json'),
    field('proposesService', 'bool', false),
    field('standardChangeModelId', 'string'),
  ],
  references: [],
};

/** @internal */
export const RELEASE_SPEC: RecordSpec = {
  type: 'release',
  label: 'Release',
  table: 'vs_releases',
  fields: [
    field('releaseVersion', 'string'),
    field('title', 'string'),
    field('gitTag', 'string'),
    field('gitSha', 'string'),
    field('url', 'string'),
    field('externalId', 'string'),
  ],
  references: [],
};

/** @internal */
export const DEPLOYMENT_SPEC: RecordSpec = {
  type: 'deployment',
  label: 'Deployment',
  table: 'vs_deployments',
  fields: [
    field('environment', 'string'),
    field('production', 'bool', false),
    field('deployedVersion', 'string'),
    field('startedAt', 'ts'),
    field('finishedAt', 'ts'),
    field('releaseId', 'string'),
    field('changeId', 'string'),
    field('gitSha', 'string'),
    field('url', 'string'),
    field('externalId', 'string'),
    field('unauthorized', 'bool', false),
    field('unauthorizedReason', 'string'),
  ],
  references: [
    { path: 'releaseId', table: 'vs_releases', label: 'Release' },
    { path: 'changeId', table: 'vs_changes', label: 'Change' },
  ],
};

/** @internal */
export const INCIDENT_SPEC: RecordSpec = {
  type: 'incident',
  label: 'Incident',
  table: 'vs_incidents',
  fields: [
    field('title', 'string'),
    field('description', 'string'),
    field('impact', 'string'),
    field('urgency', 'string'),
    field('priority', 'string'),
    field('major', 'bool', false),
    field('reporter', 'string'),
    field('contactChannel', 'string'),
    field('assignee', 'string'),
    field('waitingOnReporter', 'bool', false),
    field('causedByChangeId', 'string'),
    field('problemId', 'string'),
    field('knowledgeLinks', 'json', []),
    field('resolvedAt', 'ts'),
    field('resolutionNote', 'string'),
    field('sla.responseDueAt', 'ts'),
    field('sla.resolutionDueAt', 'ts'),
    field('sla.respondedAt', 'ts'),
    field('sla.pausedAt', 'ts'),
    field('sla.pausedMs', 'int', 0),
    field('sla.responseBreached', 'bool', false),
    field('sla.resolutionBreached', 'bool', false),
    field('source', 'string'),
    field('externalId', 'string'),
    field('externalUrl', 'string'),
  ],
  references: [
    { path: 'causedByChangeId', table: 'vs_changes', label: 'Change' },
    { path: 'problemId', table: 'vs_problems', label: 'Problem' },
  ],
};

/** @internal */
export const PROBLEM_SPEC: RecordSpec = {
  type: 'problem',
  label: 'Problem',
  table: 'vs_problems',
  fields: [
    field('title', 'string'),
    field('description', 'string'),
    field('rootCause', 'string'),
    field('workaround', 'string'),
  ],
  references: [],
};

/** @internal */
const SERVICE_LEVEL_SPEC: RecordSpec = {
  type: 'serviceLevel',
  label: 'Service level',
  table: 'vs_service_levels',
  fields: [
    field('name', 'string'),
    field('tier', 'string'),
    field('availabilityTarget', 'float'),
    field('targets', 'json', {}),
    field('slos', 'json', []),
    field('agreedBy', 'string'),
    field('agreedAt', 'ts'),
    field('fromAnnotation', 'bool', false),
  ],
  references: [],
};

/** The spec of each record type. */
export const RECORD_SPECS: Record<StoredRecordType, RecordSpec> = {
  change: CHANGE_SPEC,
  release: RELEASE_SPEC,
  deployment: DEPLOYMENT_SPEC,
  incident: INCIDENT_SPEC,
  problem: PROBLEM_SPEC,
  serviceLevel: SERVICE_LEVEL_SPEC,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID; anything else can never be a record id. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** A timestamp read from either database as a UTC ISO string. */
export function toIso(value: unknown): string {
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'number' || typeof value === 'string') {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) {
      return date.toISOString();
    }
  }
  throw new Error(`Unreadable timestamp in the database: ${String(value)}`);
}

/** A timestamp given by a caller, normalised to a UTC ISO string. */
export function parseTimestamp(value: string, what: string): string {
  const date = new Date(value);
  if (typeof value !== 'string' || Number.isNaN(date.getTime())) {
    throw new InputError(`Invalid ${what}: not an ISO date-time: ${value}`);
  }
  return date.toISOString();
}

/** A boolean read from either database (`0/1` on SQLite). */
function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

/** A number read from either database (PostgreSQL returns bigint as text). */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

function getPath(record: Row, path: string): unknown {
  const [head, tail] = path.split('.');
  if (tail === undefined) {
    return record[head];
  }
  const nested = record[head];
  return nested && typeof nested === 'object'
    ? (nested as Row)[tail]
    : undefined;
}

function setPath(record: Row, path: string, value: unknown) {
  const [head, tail] = path.split('.');
  if (tail === undefined) {
    record[head] = value;
    return;
  }
  const nested = (record[head] ?? {}) as Row;
  nested[tail] = value;
  record[head] = nested;
}

function readColumn(kind: ColumnKind, value: unknown): unknown {
  switch (kind) {
    case 'bool':
      return toBool(value);
    case 'int':
    case 'float':
      return toNumber(value);
    case 'ts':
      return toIso(value);
    case 'json':
      return JSON.parse(String(value));
    default:
      return String(value);
  }
}

function writeColumn(kind: ColumnKind, value: unknown): unknown {
  if (value === undefined || value === null) {
    return null;
  }
  switch (kind) {
    case 'bool':
      return Boolean(value);
    case 'int':
      return Math.round(Number(value));
    case 'float':
      return Number(value);
    case 'ts':
      return toIso(value);
    case 'json':
      return JSON.stringify(value);
    default:
      return String(value);
  }
}

/**
 * The domain shape of a row, without the parts kept in other tables
 * (history, approvals, linked ids).
 */
export function rowToRecord(spec: RecordSpec, row: Row): Row {
  const record: Row = {
    id: String(row.id),
    entityRef: String(row.entity_ref),
    state: String(row.state),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    createdBy: String(row.created_by),
    version: toNumber(row.version),
  };
  for (const f of spec.fields) {
    const value = row[f.column];
    if (value === null || value === undefined) {
      if (f.defaultValue !== undefined) {
        setPath(record, f.path, f.defaultValue);
      }
    } else {
      setPath(record, f.path, readColumn(f.kind, value));
    }
  }
  return record;
}

/**
 * The columns of a record that its domain fields determine, including the
 * derived ones (`is_open`, `sla_next_due_at`). Id, version, timestamps and
 * creator are set by the caller.
 */
export function recordToColumns(spec: RecordSpec, record: Row): Row {
  const state = String(record.state);
  const row: Row = {
    entity_ref: normalizeRef(String(record.entityRef)),
    state,
    is_open: isOpen(spec.type, state),
  };
  for (const f of spec.fields) {
    const value = getPath(record, f.path);
    row[f.column] = writeColumn(
      f.kind,
      value === undefined ? f.defaultValue : value,
    );
  }
  if (spec.type === 'incident') {
    row.sla_next_due_at = nextSlaDue(row);
  }
  return row;
}

/**
 * The earliest due time the breach check still has to look at: none when the
 * incident is not open or its clock is paused.
 */
function nextSlaDue(row: Row): string | null {
  if (!row.is_open || row.paused_at) {
    return null;
  }
  const due: string[] = [];
  if (!row.response_breached && !row.responded_at && row.response_due_at) {
    due.push(String(row.response_due_at));
  }
  if (!row.resolution_breached && row.resolution_due_at) {
    due.push(String(row.resolution_due_at));
  }
  return due.length ? due.sort()[0] : null;
}

/** Fields a patch can never change. */
const FIXED_FIELDS = new Set([
  'id',
  'entityRef',
  'version',
  'history',
  'createdAt',
  'updatedAt',
  'createdBy',
  'approvals',
]);

/**
 * Applies a patch to a record: `undefined` leaves a field, `null` clears it.
 * Nested objects (the incident's `sla`) are replaced whole.
 */
export function applyPatch(record: Row, patch: Row): Row {
  const next: Row = { ...record };
  for (const [key, value] of Object.entries(patch)) {
    if (FIXED_FIELDS.has(key) || value === undefined) {
      continue;
    }
    if (value === null) {
      delete next[key];
    } else {
      next[key] = value;
    }
  }
  return next;
}

/** Splits a list into chunks, for `whereIn` lists that stay well under bind limits. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}
