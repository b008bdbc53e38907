import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Box,
  Grid,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { DataTable } from '../../primitives/DataTable';
import { STAGES } from '@valuestream/plugin-value-stream-common';
import type { MetricsReport } from '../../../api';
import { formatDuration } from '../../../lib/format';
import { StageBars } from '../StageBars';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

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
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { stageLabel } = useLabels();
  const times = new Map(flow.timeInStage.map(s => [s.stage, s]));
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
            {t('flow.wipTitle')}
          </Typography>
          <StageBars
            data={rows}
            dataKey="wip"
            label={t('flow.inStage')}
            unit={t('flow.services')}
            height={220}
          />
        </Grid>
        <Grid item xs={12} md={6}>
          <Typography variant="subtitle2" component="h3">
            {t('flow.medianTitle')}
          </Typography>
          <StageBars
            data={rows}
            dataKey="medianDays"
            label={t('flow.median')}
            unit={t('flow.days')}
            axisUnit={t('flow.daysAxis')}
            decimals
            color="secondary"
            height={220}
          />
        </Grid>
      </Grid>
      <DataTable size="small" aria-label={t('flow.label')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('flow.stage')}</TableCell>
            <TableCell align="right">{t('flow.workInProgress')}</TableCell>
            <TableCell align="right">{t('flow.stays')}</TableCell>
            <TableCell align="right">{t('flow.medianTitle')}</TableCell>
            <TableCell align="right">{t('flow.p90')}</TableCell>
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
