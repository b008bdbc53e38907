/*
 * What every store shares: the knex client, paging by (created_at, id), and
 * the small checks the queries use.
 */
import { InputError } from '@backstage/errors';
import type { Page } from '@valuestream/plugin-value-stream-common';
import { Knex } from 'knex';
import { normalizeRef } from '../lib/refs';
import { decodeCursor, encodeCursor } from './cursor';
import { chunks, parseTimestamp, Row, toIso } from './records';
import type { WriteOptions } from './types';

/** The largest page a list returns. */
export const MAX_LIMIT = 500;

/** The client or a transaction of it. */
export type Db = Knex | Knex.Transaction;

export function nonEmpty<T>(
  values: readonly T[] | undefined,
): values is readonly T[] {
  return Array.isArray(values) && values.length > 0;
}

export function uniqueRefs(refs: readonly string[]): string[] {
  return [...new Set(refs.map(normalizeRef))];
}

export function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InputError(
      `Invalid limit: must be an integer from 1 to ${MAX_LIMIT}`,
    );
  }
  return limit;
}

/** Like `Promise.all` over chunks, but one query at a time to spare the pool. */
export async function perChunk<T, R>(
  items: readonly T[],
  run: (chunk: T[]) => Promise<R[]>,
): Promise<R[]> {
  const result: R[] = [];
  for (const chunk of chunks(items)) {
    result.push(...(await run(chunk)));
  }
  return result;
}

/** The time of a write: the caller's, else now. */
export function writeTime(options?: WriteOptions): string {
  return options?.at
    ? parseTimestamp(options.at, 'write time')
    : new Date().toISOString();
}

/** A unique index refused a write (PostgreSQL 23505, SQLite constraint). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (typeof e?.message === 'string' &&
      e.message.includes('UNIQUE constraint failed'))
  );
}

/** Newest first by (created_at, id), one row more than the page to see if there is a next. */
export async function keyset(
  query: Knex.QueryBuilder,
  limit: number,
  cursor: string | undefined,
): Promise<Row[]> {
  if (cursor !== undefined) {
    const position = decodeCursor(cursor);
    query.where(q =>
      q
        .where('created_at', '<', position.createdAt)
        .orWhere(q2 =>
          q2
            .where('created_at', '=', position.createdAt)
            .where('id', '<', position.id),
        ),
    );
  }
  return (await query
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit + 1)) as Row[];
}

export function pageOf<T>(rows: Row[], limit: number, items: T[]): Page<T> {
  const page: Page<T> = { items: items.slice(0, limit) };
  if (rows.length > limit) {
    const last = rows[limit - 1];
    page.nextCursor = encodeCursor({
      createdAt: toIso(last.created_at),
      id: String(last.id),
    });
  }
  return page;
}

/** The base of the stores: one knex client, shared by all of them. */
export abstract class StoreBase {
  protected readonly db: Knex;

  constructor(db: Knex) {
    this.db = db;
  }
}
