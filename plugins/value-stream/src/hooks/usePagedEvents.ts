import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { EventRecord } from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef, type ListEventsQuery } from '../api';
import type { PagedRecords } from './usePagedRecords';

/**
 * Lists events page by page (cursor pagination), like
 * {@link usePagedRecords}; `remove` drops an event from the list, e.g.
 * once it has been mapped.
 */
export function usePagedEvents(
  query: Omit<ListEventsQuery, 'cursor'>,
): PagedRecords<EventRecord> & { remove: (id: string) => void } {
  const api = useApi(valueStreamApiRef);
  const queryKey = JSON.stringify(query);
  const [items, setItems] = useState<EventRecord[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | undefined>();
  const [generation, setGeneration] = useState(0);

  const load = useCallback(
    async (
      after: string | undefined,
      append: boolean,
      isCurrent: () => boolean,
    ) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await api.listEvents({
          ...(JSON.parse(queryKey) as ListEventsQuery),
          cursor: after,
        });
        if (!isCurrent()) {
          return;
        }
        setItems(prev => {
          if (!append) {
            return page.items;
          }
          const seen = new Set(prev.map(e => e.id));
          return [...prev, ...page.items.filter(e => !seen.has(e.id))];
        });
        setCursor(page.nextCursor);
      } catch (e) {
        if (isCurrent()) {
          setError(e as Error);
        }
      } finally {
        if (isCurrent()) {
          setLoading(false);
        }
      }
    },
    [api, queryKey],
  );

  useEffect(() => {
    let current = true;
    load(undefined, false, () => current);
    return () => {
      current = false;
    };
  }, [load, generation]);

  const loadMore = useCallback(() => {
    if (cursor) {
      load(cursor, true, () => true);
    }
  }, [cursor, load]);

  const reload = useCallback(() => setGeneration(g => g + 1), []);
  const remove = useCallback(
    (id: string) => setItems(prev => prev.filter(e => e.id !== id)),
    [],
  );

  return {
    items,
    loading,
    error,
    hasMore: Boolean(cursor),
    loadMore,
    reload,
    remove,
  };
}
