import {
  Box,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import { DataTable } from '../../shared/DataTable';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useDeferredAsync } from '../../../hooks/useDeferredAsync';
import { valueStreamApiRef } from '../../../api';
import { formatDuration, stageLabel } from '../../../lib/format';
import { timeInStage } from '../../../lib/history';
import { StageBars } from '../StageBars';

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
        title="No stage history yet"
        description="Time in each stage shows once the service has changed stage."
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
        label="Time in stage"
        unit="days"
        axisUnit="d"
        decimals
        height={240}
      />
      <DataTable size="small" aria-label="Time in each stage">
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
