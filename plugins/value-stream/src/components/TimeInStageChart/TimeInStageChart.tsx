import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  useTheme,
} from '@material-ui/core';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { valueStreamApiRef } from '../../api';
import { formatDuration, stageLabel } from '../../lib/format';
import { timeInStage } from '../../lib/history';

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
  const theme = useTheme();
  const { value, loading, error } = useAsync(
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
      <Box height={240} aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" />
            <YAxis unit=" d" allowDecimals />
            <Tooltip
              formatter={(v: number) => [`${v} days`, 'Time in stage']}
            />
            <Bar dataKey="days" fill={theme.palette.primary.main} />
          </BarChart>
        </ResponsiveContainer>
      </Box>
      <Table size="small" aria-label="Time in each stage">
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
      </Table>
    </Box>
  );
};
