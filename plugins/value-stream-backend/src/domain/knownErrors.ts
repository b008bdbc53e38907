/*
 * Searching known errors: problems whose root cause is known, with the
 * workaround that helps while they stay open.
 */
import {
  Page,
  ProblemRecord,
  valueStreamReadPermission,
} from '@valuestream/plugin-value-stream-common';
import { encodeCursor } from '../database/cursor';
import type { RecordStore } from '../database/RecordStore';
import type { ProblemListFilter } from '../database/types';
import { normalizeRef } from '../lib/refs';
import type { RequestContext } from './RequestContext';

/** Problems read per store query while matching text. */
const SCAN_PAGE = 100;
/**
 * Problems a text search reads at most per call; past that it answers with
 * what it found and a cursor that continues the scan.
 */
export const KNOWN_ERROR_SCAN_LIMIT = 1_000;

/** What {@link searchKnownErrors} looks for. */
export interface KnownErrorQuery {
  entityRef?: string;
  /** Matched case-insensitively in the title and the workaround. */
  text?: string;
  cursor?: string;
  limit: number;
}

function matches(problem: ProblemRecord, needle: string): boolean {
  return [problem.title, problem.workaround ?? ''].some(field =>
    field.toLocaleLowerCase('en-US').includes(needle),
  );
}

/**
 * Problems in state `known_error`, newest first, of one entity or all, whose
 * title or workaround contains the text. A page may hold fewer than `limit`
 * items and still have a `nextCursor` when the scan limit was reached.
 */
export async function searchKnownErrors(
  records: Pick<RecordStore, 'list'>,
  query: KnownErrorQuery,
  ctx: RequestContext,
): Promise<Page<ProblemRecord>> {
  await ctx.authorize(valueStreamReadPermission);
  const filter: Omit<ProblemListFilter, 'limit'> = {
    entityRefs: query.entityRef ? [normalizeRef(query.entityRef)] : undefined,
    states: ['known_error'],
    withoutHistory: true,
  };
  const needle = query.text?.trim().toLocaleLowerCase('en-US');
  if (!needle) {
    return records.list('problem', {
      ...filter,
      cursor: query.cursor,
      limit: query.limit,
    });
  }

  const items: ProblemRecord[] = [];
  let cursor = query.cursor;
  for (let scanned = 0; scanned < KNOWN_ERROR_SCAN_LIMIT; ) {
    const page = await records.list('problem', {
      ...filter,
      cursor,
      limit: SCAN_PAGE,
    });
    scanned += page.items.length;
    for (const [index, problem] of page.items.entries()) {
      if (!matches(problem, needle)) {
        continue;
      }
      items.push(problem);
      if (items.length === query.limit) {
        const more = index < page.items.length - 1 || !!page.nextCursor;
        // The keyset of the last match: the next page starts right after it.
        return more ? { items, nextCursor: encodeCursor(problem) } : { items };
      }
    }
    if (!page.nextCursor) {
      return { items };
    }
    cursor = page.nextCursor;
  }
  return { items, nextCursor: cursor };
}
