import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Box,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import { DataTable } from '../../primitives/DataTable';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useDeferredAsync } from '../../../hooks/useDeferredAsync';
import { valueStreamApiRef } from '../../../api';
import { formatDuration } from '../../../lib/format';
import { timeInStage } from '../../../lib/history';
import { StageBars } from '../StageBars';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

/** Props of {@link TimeInStageChart}. */
export interface TimeInStageChartProps {
  entityRef: string;
}

/**
 * A bar chart of the days a service spent in each value stream stage, from
 * its recorded stage history.
 */
export const TimeInStageChart = ({ entityRef }: TimeInStageChartProps) => {
  const api = useApi(valueStreamApiRef);
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { stageLabel } = useLabels();
  const { value, loading, error } = useDeferredAsync(
    () => api.getHistory(entityRef),
    [api, entityRef],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value || value.length === 0) {
    return (
      <EmptyState
        missing="data"
        title={t('timeInStage.emptyTitle')}
        description={t('timeInStage.emptyDescription')}
      />
    );
  }

  const data = timeInStage(value, Date.now()).map(d => ({
    ...d,
    name: stageLabel(d.stage),
  }));

  return (
    <Box>
      <StageBars
        data={data}
        dataKey="days"
        label={t('timeInStage.label')}
        unit={t('flow.days')}
        axisUnit={t('flow.daysAxis')}
        decimals
        height={240}
      />
      <DataTable size="small" aria-label={t('timeInStage.tableLabel')}>
        <TableHead>
          <TableRow>
            {data.map(d => (
              <TableCell key={d.stage}>{d.name}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          <TableRow>
            {data.map(d => (
              <TableCell key={d.stage}>{formatDuration(d.ms)}</TableCell>
            ))}
          </TableRow>
        </TableBody>
      </DataTable>
    </Box>
  );
};
