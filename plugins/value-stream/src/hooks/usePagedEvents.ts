import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { EventRecord } from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef, type ListEventsQuery } from '../api';
import { usePaged, type PagedRecords } from './usePaged';

/**
 * Lists events page by page, like {@link usePagedRecords}; `remove` drops an
 * event from the list, e.g. once it has been mapped.
 */
export function usePagedEvents(
  query: Omit<ListEventsQuery, 'cursor'>,
): PagedRecords<EventRecord> & { remove: (id: string) => void } {
  const api = useApi(valueStreamApiRef);
  const queryKey = JSON.stringify(query);
  const fetchPage = useCallback(
    (cursor: string | undefined) =>
      api.listEvents({
        ...(JSON.parse(queryKey) as ListEventsQuery),
        cursor,
      }),
    [api, queryKey],
  );
  return usePaged(fetchPage);
}
