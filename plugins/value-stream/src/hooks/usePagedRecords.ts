import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  valueStreamApiRef,
  type Collection,
  type CollectionRecords,
  type ListRecordsQuery,
} from '../api';
import { usePaged, type PagedRecords } from './usePaged';

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
  const fetchPage = useCallback(
    (cursor: string | undefined) =>
      api.listRecords(collection, {
        ...(JSON.parse(queryKey) as ListRecordsQuery),
        cursor,
      }),
    [api, collection, queryKey],
  );
  return usePaged(fetchPage);
}
