import { useCallback, useEffect, useState } from 'react';
import type { Page } from '@valuestream/plugin-value-stream-common';

/** The records of a list so far, with what it takes to load more. */
export interface PagedRecords<T> {
  items: T[];
  loading: boolean;
  error?: Error;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

/**
 * A list read page by page (cursor pagination): the first page on mount and
 * whenever `fetchPage` changes (give it `useCallback` over the query), the
 * next one on `loadMore`. `remove` drops an item, e.g. once it is handled.
 */
export function usePaged<T extends { id: string }>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): PagedRecords<T> & { remove: (id: string) => void } {
  const [items, setItems] = useState<T[]>([]);
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
        const page = await fetchPage(after);
        if (!isCurrent()) {
          return;
        }
        setItems(prev => {
          if (!append) {
            return page.items;
          }
          const seen = new Set(prev.map(item => item.id));
          return [...prev, ...page.items.filter(item => !seen.has(item.id))];
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
    [fetchPage],
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
    (id: string) => setItems(prev => prev.filter(item => item.id !== id)),
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
