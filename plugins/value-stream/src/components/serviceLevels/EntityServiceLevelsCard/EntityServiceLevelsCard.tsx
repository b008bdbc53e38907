import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntitySummary } from '../../../hooks/useEntitySummary';
import { ServiceLevelsTable } from '../ServiceLevelsTable';

/** A card with the entity's service levels, attainment and error budget. */
export const EntityServiceLevelsCard = () => {
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
        title="No service level"
        description="This service has no service level yet."
      />
    );
  } else {
    body = <ServiceLevelsTable serviceLevels={summary.serviceLevels} compact />;
  }
  return <InfoCard title="Service levels">{body}</InfoCard>;
};
