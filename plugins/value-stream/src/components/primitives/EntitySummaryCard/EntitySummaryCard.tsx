import { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import type { EntitySummary } from '@valuestream/plugin-value-stream-common';
import { useEntitySummary } from '../../../hooks/useEntitySummary';
import { AsyncContent } from '../AsyncContent';

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
  return (
    <InfoCard title={title}>
      <AsyncContent
        // A reload after an action keeps the list in place.
        loading={loading && !summary}
        error={error}
        value={summary ? items(summary) : []}
        isEmpty={listed => listed.length === 0}
        emptyTitle={emptyTitle}
      >
        {listed => children(listed, retry)}
      </AsyncContent>
    </InfoCard>
  );
};
