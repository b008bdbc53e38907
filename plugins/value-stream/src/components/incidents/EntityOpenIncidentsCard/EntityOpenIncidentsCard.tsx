import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntitySummary } from '../../../hooks/useEntitySummary';
import { IncidentsTable } from '../IncidentsTable';

/** A card with the entity's open incidents and their live SLA countdowns. */
export const EntityOpenIncidentsCard = () => {
  const { summary, loading, error, retry } = useEntitySummary();
  let body;
  if (loading && !summary) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!summary || summary.openIncidents.length === 0) {
    body = <EmptyState missing="data" title="No open incidents" />;
  } else {
    body = (
      <IncidentsTable
        incidents={summary.openIncidents}
        onChanged={retry}
        compact
      />
    );
  }
  return <InfoCard title="Open incidents">{body}</InfoCard>;
};
