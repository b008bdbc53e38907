import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  valueStreamApiRef,
  type Collection,
  type CollectionRecords,
  type ListRecordsQuery,
} from '../api';

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
 * Lists a collection page by page (cursor pagination): the first page on
 * mount and whenever the query changes, the next one on `loadMore`.
 */
export function usePagedRecords<C extends Collection>(
  collection: C,
  query: Omit<ListRecordsQuery, 'cursor'>,
): PagedRecords<CollectionRecords[C]> {
  const api = useApi(valueStreamApiRef);
  const queryKey = JSON.stringify(query);
  const [items, setItems] = useState<CollectionRecords[C][]>([]);
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
        const page = await api.listRecords(collection, {
          ...(JSON.parse(queryKey) as ListRecordsQuery),
          cursor: after,
        });
        if (!isCurrent()) {
          return;
        }
        setItems(prev => (append ? [...prev, ...page.items] : page.items));
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
    [api, collection, queryKey],
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

  return { items, loading, error, hasMore: Boolean(cursor), loadMore, reload };
}
