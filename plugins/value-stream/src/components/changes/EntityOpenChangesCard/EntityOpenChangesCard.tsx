import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntitySummary } from '../../../hooks/useEntitySummary';
import { ChangesTable } from '../ChangesTable';
import { valueStreamTranslationRef } from '../../../translation';

/** A card with the entity's open changes, their risk and state. */
export const EntityOpenChangesCard = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { summary, loading, error, retry } = useEntitySummary();
  let body;
  if (loading && !summary) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!summary || summary.openChanges.length === 0) {
    body = <EmptyState missing="data" title={t('entityCards.noOpenChanges')} />;
  } else {
    body = (
      <ChangesTable changes={summary.openChanges} onChanged={retry} compact />
    );
  }
  return <InfoCard title={t('entityCards.openChangesTitle')}>{body}</InfoCard>;
};
