import type { CheckResult } from '@backstage-community/plugin-tech-insights-common';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import useAsync from 'react-use/esm/useAsync';

/**
 * Runs the Tech Insights checks of the entity on the tech-insights backend
 * (`POST /checks/run/:namespace/:kind/:name`, every configured check).
 */
function useCheckResults() {
  const { entity } = useEntity();
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const { kind, metadata } = entity;
  const namespace = metadata.namespace ?? 'default';
  return useAsync(async (): Promise<CheckResult[]> => {
    const baseUrl = await discoveryApi.getBaseUrl('tech-insights');
    const path = [namespace, kind, metadata.name]
      .map(part => encodeURIComponent(part))
      .join('/');
    const res = await fetchApi.fetch(`${baseUrl}/checks/run/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({}),
    });
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return res.json();
  }, [discoveryApi, fetchApi, kind, namespace, metadata.name]);
}

/** One check: passed when the rule engine's result is `true`. */
function CheckRow({ result }: { result: CheckResult }) {
  const passed = result.result === true;
  return (
    <ListItem
      dense
      data-testid={`scorecard-check-${result.check.id}`}
      data-result={passed ? 'passed' : 'failed'}
    >
      <ListItemIcon>
        {passed ? (
          <CheckCircleIcon style={{ color: '#2e7d32' }} aria-hidden />
        ) : (
          <ErrorIcon color="error" aria-hidden />
        )}
      </ListItemIcon>
      <ListItemText
        primary={result.check.name}
        secondary={result.check.description}
      />
      <Typography variant="body2" component="span">
        {passed ? 'Passed' : 'Failed'}
      </Typography>
    </ListItem>
  );
}

/**
 * The entity's Tech Insights scorecard: each check's name, description and
 * whether it passed, from the checks in `techInsights.factChecker.checks`.
 */
export function ScorecardCard() {
  const { value, loading, error } = useCheckResults();
  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value || value.length === 0) {
    content = (
      <EmptyState
        missing="data"
        title="No check results yet"
        description="Tech Insights has no facts for this entity yet: they are retrieved on the schedule of techInsights.factRetrievers."
      />
    );
  } else {
    const passed = value.filter(r => r.result === true).length;
    content = (
      <>
        <Typography variant="body2">
          {passed} of {value.length} checks passed
        </Typography>
        <List dense aria-label="Scorecard checks">
          {value.map(result => (
            <CheckRow key={result.check.id} result={result} />
          ))}
        </List>
      </>
    );
  }
  return <InfoCard title="Scorecard">{content}</InfoCard>;
}
