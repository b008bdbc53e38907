import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntitySummaryCard } from '../../primitives/EntitySummaryCard';
import { ChangesTable } from '../ChangesTable';
import { valueStreamTranslationRef } from '../../../translation';

/** A card with the entity's open changes, their risk and state. */
export const EntityOpenChangesCard = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  return (
    <EntitySummaryCard
      title={t('entityCards.openChangesTitle')}
      emptyTitle={t('entityCards.noOpenChanges')}
      items={summary => summary.openChanges}
    >
      {(changes, onChanged) => (
        <ChangesTable changes={changes} onChanged={onChanged} compact />
      )}
    </EntitySummaryCard>
  );
};
