import { ReactNode } from 'react';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { EntitySummary } from '@valuestream/plugin-value-stream-common';
import { useEntitySummary } from '../../../hooks/useEntitySummary';

/** Props of {@link EntitySummaryCard}. */
export interface EntitySummaryCardProps<T> {
  title: string;
  /** Shown when the summary has no items. */
  emptyTitle: string;
  /** The items of the summary the card lists. */
  items: (summary: EntitySummary) => T[];
  /** The list; `onChanged` reloads the summary after an action. */
  children: (items: T[], onChanged: () => void) => ReactNode;
}

/**
 * An entity card that lists some items of the entity's value stream
 * summary, with the loading, error and empty states every such card has.
 */
export const EntitySummaryCard = <T,>({
  title,
  emptyTitle,
  items,
  children,
}: EntitySummaryCardProps<T>) => {
  const { summary, loading, error, retry } = useEntitySummary();
  const listed = summary ? items(summary) : [];
  let body;
  if (loading && !summary) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (listed.length === 0) {
    body = <EmptyState missing="data" title={emptyTitle} />;
  } else {
    body = children(listed, retry);
  }
  return <InfoCard title={title}>{body}</InfoCard>;
};
