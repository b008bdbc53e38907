import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { InfoCard } from '@backstage/core-components';
import { useEntitySummary } from '../../../hooks/useEntitySummary';
import { AsyncContent } from '../../primitives/AsyncContent';
import { ServiceLevelsTable } from '../ServiceLevelsTable';
import { valueStreamTranslationRef } from '../../../translation';

/** A card with the entity's service levels, attainment and error budget. */
export const EntityServiceLevelsCard = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { summary, loading, error } = useEntitySummary();
  return (
    <InfoCard title={t('entityCards.serviceLevelsTitle')}>
      <AsyncContent
        loading={loading}
        error={error}
        value={summary?.serviceLevels}
        isEmpty={serviceLevels => serviceLevels.length === 0}
        emptyTitle={t('entityCards.noServiceLevelTitle')}
        emptyDescription={t('entityCards.noServiceLevelDescription')}
      >
        {serviceLevels => (
          <ServiceLevelsTable serviceLevels={serviceLevels} compact />
        )}
      </AsyncContent>
    </InfoCard>
  );
};
