import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntitySummary } from '../../../hooks/useEntitySummary';
import { IncidentsTable } from '../IncidentsTable';
import { valueStreamTranslationRef } from '../../../translation';

/** A card with the entity's open incidents and their live SLA countdowns. */
export const EntityOpenIncidentsCard = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { summary, loading, error, retry } = useEntitySummary();
  let body;
  if (loading && !summary) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!summary || summary.openIncidents.length === 0) {
    body = (
      <EmptyState missing="data" title={t('entityCards.noOpenIncidents')} />
    );
  } else {
    body = (
      <IncidentsTable
        incidents={summary.openIncidents}
        onChanged={retry}
        compact
      />
    );
  }
  return (
    <InfoCard title={t('entityCards.openIncidentsTitle')}>{body}</InfoCard>
  );
};
