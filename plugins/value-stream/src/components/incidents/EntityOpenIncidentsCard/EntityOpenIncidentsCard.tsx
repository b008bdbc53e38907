import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntitySummaryCard } from '../../primitives/EntitySummaryCard';
import { IncidentsTable } from '../IncidentsTable';
import { valueStreamTranslationRef } from '../../../translation';

/** A card with the entity's open incidents and their live SLA countdowns. */
export const EntityOpenIncidentsCard = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  return (
    <EntitySummaryCard
      title={t('entityCards.openIncidentsTitle')}
      emptyTitle={t('entityCards.noOpenIncidents')}
      items={summary => summary.openIncidents}
    >
      {(incidents, onChanged) => (
        <IncidentsTable incidents={incidents} onChanged={onChanged} compact />
      )}
    </EntitySummaryCard>
  );
};
