import type { ProblemRecord } from '@valuestream/plugin-value-stream-common';
import { aliceContext } from '../__testUtils__/requestContext';
import type { RecordStore } from '../database/RecordStore';
import type { ProblemListFilter } from '../database/types';
import { KNOWN_ERROR_SCAN_LIMIT, searchKnownErrors } from './knownErrors';

/** Known errors, newest first, every tenth of them about the cache. */
function problems(count: number): ProblemRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    entityRef: 'component:default/cart',
    createdAt: new Date(Date.UTC(2030, 0, 1) - index * 1000).toISOString(),
    updatedAt: '2030-01-01T00:00:00.000Z',
    createdBy: 'user:default/alice',
    version: 2,
    history: [],
    title: index % 10 === 0 ? `Cache fault ${index}` : `Other fault ${index}`,
    description: 'Recurring',
    state: 'known_error',
    workaround: 'Restart',
    incidentIds: [],
  }));
}

/** A store whose list pages by offset, the offset being the cursor. */
function storeOf(all: ProblemRecord[]) {
  const filters: ProblemListFilter[] = [];
  const records = {
    list: async (_kind: 'problem', filter: ProblemListFilter) => {
      filters.push(filter);
      const start = filter.cursor ? Number(filter.cursor) : 0;
      const items = all.slice(start, start + filter.limit);
      const next = start + filter.limit;
      return {
        items,
        ...(next < all.length ? { nextCursor: String(next) } : {}),
      };
    },
  } as unknown as Pick<RecordStore, 'list'>;
  return { records, filters };
}

describe('searchKnownErrors', () => {
  const ctx = aliceContext('all');

  it('lists known errors of an entity a page at a time without text', async () => {
    const { records, filters } = storeOf(problems(5));
    const page = await searchKnownErrors(
      records,
      { entityRef: 'Component:default/Cart', limit: 2 },
      ctx,
    );
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBe('2');
    expect(filters).toEqual([
      expect.objectContaining({
        entityRefs: ['component:default/cart'],
        states: ['known_error'],
        limit: 2,
      }),
    ]);
  });

  it('continues right after the last match when the page is full', async () => {
    const { records } = storeOf(problems(50));
    const page = await searchKnownErrors(
      records,
      { text: 'cache', limit: 2 },
      ctx,
    );
    expect(page.items.map(p => p.title)).toEqual([
      'Cache fault 0',
      'Cache fault 10',
    ]);
    const cursor = JSON.parse(
      Buffer.from(page.nextCursor!, 'base64url').toString('utf8'),
    );
    expect(cursor).toEqual([page.items[1].createdAt, page.items[1].id]);
  });

  it('stops at the scan limit with a cursor that continues the scan', async () => {
    const { records, filters } = storeOf(problems(KNOWN_ERROR_SCAN_LIMIT * 2));
    const page = await searchKnownErrors(
      records,
      { text: 'no such words', limit: 10 },
      ctx,
    );
    expect(page.items).toEqual([]);
    expect(page.nextCursor).toBe(String(KNOWN_ERROR_SCAN_LIMIT));
    expect(filters.reduce((sum, filter) => sum + filter.limit, 0)).toBe(
      KNOWN_ERROR_SCAN_LIMIT,
    );
  });

  it('needs the read permission', async () => {
    const { records } = storeOf(problems(1));
    await expect(
      searchKnownErrors(
        records,
        { limit: 10 },
        {
          ...ctx,
          authorize: async () => {
            throw new Error('Not allowed: value-stream.read');
          },
        },
      ),
    ).rejects.toThrow('value-stream.read');
  });
});
