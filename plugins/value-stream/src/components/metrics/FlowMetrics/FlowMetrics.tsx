import {
  Box,
  Grid,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { DataTable } from '../../shared/DataTable';
import { STAGES } from '@valuestream/plugin-value-stream-common';
import type { MetricsReport } from '../../../api';
import { formatDuration, stageLabel } from '../../../lib/format';
import { StageBars } from '../StageBars';

const DAY = 86_400_000;

/** Props of {@link FlowMetrics}. */
export interface FlowMetricsProps {
  flow: MetricsReport['flow'];
}

function duration(ms?: number) {
  return ms === undefined ? '—' : formatDuration(ms);
}

/**
 * Flow through the value stream: the work in progress in each stage (bar
 * chart) and how long services stay in each stage (median, p90).
 */
export const FlowMetrics = ({ flow }: FlowMetricsProps) => {
  const times = new Map(flow.timeInStage.map(t => [t.stage, t]));
  const rows = STAGES.map(stage => {
    const time = times.get(stage);
    return {
      stage,
      name: stageLabel(stage),
      wip: flow.workInProgress[stage] ?? 0,
      medianDays:
        time?.medianMs !== undefined
          ? Math.round((time.medianMs / DAY) * 10) / 10
          : null,
      time,
    };
  });

  return (
    <Box>
      <Grid container spacing={2}>
        <Grid item xs={12} md={6}>
          <Typography variant="subtitle2" component="h3">
            Work in progress per stage
          </Typography>
          <StageBars
            data={rows}
            dataKey="wip"
            label="In stage"
            unit="services"
            height={220}
          />
        </Grid>
        <Grid item xs={12} md={6}>
          <Typography variant="subtitle2" component="h3">
            Median time in stage
          </Typography>
          <StageBars
            data={rows}
            dataKey="medianDays"
            label="Median"
            unit="days"
            axisUnit="d"
            decimals
            color="secondary"
            height={220}
          />
        </Grid>
      </Grid>
      <DataTable size="small" aria-label="Flow by stage">
        <TableHead>
          <TableRow>
            <TableCell>Stage</TableCell>
            <TableCell align="right">Work in progress</TableCell>
            <TableCell align="right">Stays</TableCell>
            <TableCell align="right">Median time in stage</TableCell>
            <TableCell align="right">p90 time in stage</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => (
            <TableRow key={row.stage}>
              <TableCell component="th" scope="row">
                {row.name}
              </TableCell>
              <TableCell align="right">{row.wip}</TableCell>
              <TableCell align="right">{row.time?.stints ?? 0}</TableCell>
              <TableCell align="right">
                {duration(row.time?.medianMs)}
              </TableCell>
              <TableCell align="right">{duration(row.time?.p90Ms)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </DataTable>
    </Box>
  );
};
