import { ReactNode } from 'react';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { PagedRecords } from '../../../hooks/usePaged';
import { LoadMore } from '../LoadMore';

/** Props of {@link PagedList}. */
export interface PagedListProps<T> {
  /** The list, from `usePagedRecords` or `usePagedEvents`. */
  list: PagedRecords<T>;
  /** The items to show, when the page narrows the list down further. */
  shown?: T[];
  emptyTitle: string;
  emptyDescription?: string;
  /** The table or list of the items; only called with some items. */
  children: (items: T[]) => ReactNode;
}

/**
 * A cursor-paginated list with its states: progress until the first page
 * is in, the error of the last load (above the items read so far), an empty
 * state, and "Load more" under the items.
 */
export const PagedList = <T,>({
  list,
  shown = list.items,
  emptyTitle,
  emptyDescription,
  children,
}: PagedListProps<T>) => (
  <>
    {list.loading && !list.items.length && <Progress />}
    {list.error && <ResponseErrorPanel error={list.error} />}
    {!list.loading && !list.error && shown.length === 0 && (
      <EmptyState
        missing="data"
        title={emptyTitle}
        description={emptyDescription}
      />
    )}
    {shown.length > 0 && children(shown)}
    <LoadMore
      hasMore={list.hasMore}
      loading={list.loading}
      onLoadMore={list.loadMore}
    />
  </>
);
