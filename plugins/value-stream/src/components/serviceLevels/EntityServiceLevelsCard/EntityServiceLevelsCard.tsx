import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntitySummary } from '../../../hooks/useEntitySummary';
import { ServiceLevelsTable } from '../ServiceLevelsTable';
import { valueStreamTranslationRef } from '../../../translation';

/** A card with the entity's service levels, attainment and error budget. */
export const EntityServiceLevelsCard = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { summary, loading, error } = useEntitySummary();
  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!summary || summary.serviceLevels.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title={t('entityCards.noServiceLevelTitle')}
        description={t('entityCards.noServiceLevelDescription')}
      />
    );
  } else {
    body = <ServiceLevelsTable serviceLevels={summary.serviceLevels} compact />;
  }
  return (
    <InfoCard title={t('entityCards.serviceLevelsTitle')}>{body}</InfoCard>
  );
};
