import { ReactNode, Suspense, lazy } from 'react';
import {
  Box,
  Chip,
  Grid,
  Paper,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { Progress } from '@backstage/core-components';
import type { DoraBand } from '@valuestream/plugin-value-stream-common';
import type { MetricsReport } from '../../../api';
import type { DoraTrendProps } from './DoraTrend';
import { formatDuration, formatPercent } from '../../../lib/format';
import { useToneStyles, type Tone } from '../../shared/tones';
import {
  bandLabel,
  formatRate,
  toHours,
  toPercent,
} from '../../../lib/metrics';

const useStyles = makeStyles(
  theme => ({
    tile: { padding: theme.spacing(2), height: '100%' },
    value: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  }),
  { name: 'ValueStreamDoraMetricsPanel' },
);

const BAND_TONES: Record<DoraBand, Tone> = {
  elite: 'good',
  high: 'active',
  medium: 'warning',
  low: 'bad',
};

/** Props of {@link DoraBandChip}. */
export interface DoraBandChipProps {
  band: DoraBand;
}

/** The DORA performance band of a metric as a coloured chip. */
export const DoraBandChip = ({ band }: DoraBandChipProps) => {
  const classes = useToneStyles();
  return (
    <Chip
      size="small"
      label={bandLabel(band)}
      className={classes[BAND_TONES[band]]}
      title="DORA performance band"
    />
  );
};

const DoraTrend = lazy(() =>
  import('./DoraTrend').then(m => ({ default: m.DoraTrend })),
);

/** A trend chart, drawn once recharts has loaded. */
const Trend = (props: DoraTrendProps) =>
  props.points.length === 0 ? null : (
    <Suspense
      fallback={
        <Box height={72} mt={1}>
          <Progress />
        </Box>
      }
    >
      <DoraTrend {...props} />
    </Suspense>
  );

const Tile = ({
  title,
  value,
  band,
  details,
  children,
}: {
  title: string;
  value: string;
  band?: DoraBand;
  details: ReactNode;
  children: ReactNode;
}) => {
  const classes = useStyles();
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label={title}
      className={classes.tile}
    >
      <Typography variant="subtitle2" component="h3" color="textSecondary">
        {title}
      </Typography>
      <div className={classes.value}>
        <Typography variant="h5" component="p">
          {value}
        </Typography>
        {band && <DoraBandChip band={band} />}
      </div>
      <Typography variant="caption" color="textSecondary" component="p">
        {details}
      </Typography>
      {children}
    </Paper>
  );
};

function plural(n: number, noun: string) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Props of {@link DoraMetricsPanel}. */
export interface DoraMetricsPanelProps {
  report: MetricsReport;
  /** Lay the four metrics out in one column (cards) or in a row (pages). */
  dense?: boolean;
}

/**
 * The four DORA metrics of a report, each with its band and a small trend:
 * deployment frequency, lead time for changes (median and p90), change
 * failure rate and time to restore service.
 */
export const DoraMetricsPanel = ({ report, dense }: DoraMetricsPanelProps) => {
  const { dora, trends, bucket } = report;
  const df = dora.deploymentFrequency;
  const lt = dora.leadTimeForChanges;
  const cfr = dora.changeFailureRate;
  const ttr = dora.timeToRestore;
  const size = dense
    ? { xs: 12 as const, sm: 6 as const }
    : { xs: 12 as const, sm: 6 as const, lg: 3 as const };

  return (
    <Grid container spacing={2}>
      <Grid item {...size}>
        <Tile
          title="Deployment frequency"
          value={formatRate(df.perDay)}
          band={df.band}
          details={`${plural(df.count, 'production deployment')} in ${plural(
            Math.round(df.days),
            'day',
          )}`}
        >
          <Trend
            points={trends.deployments}
            bucket={bucket}
            kind="bar"
            convert={v => v}
            unit=" deployments"
          />
        </Tile>
      </Grid>
      <Grid item {...size}>
        <Tile
          title="Lead time for changes"
          value={lt.medianMs !== undefined ? formatDuration(lt.medianMs) : '—'}
          band={lt.band}
          details={
            lt.count === 0
              ? `No change reached production${
                  lt.pending ? `, ${lt.pending} pending` : ''
                }`
              : `median; p90 ${
                  lt.p90Ms !== undefined ? formatDuration(lt.p90Ms) : '—'
                } over ${plural(lt.count, 'change')}${
                  lt.pending ? `, ${lt.pending} pending` : ''
                }`
          }
        >
          <Trend
            points={trends.leadTimeMs}
            bucket={bucket}
            kind="line"
            convert={toHours}
            unit=" h"
          />
        </Tile>
      </Grid>
      <Grid item {...size}>
        <Tile
          title="Change failure rate"
          value={cfr.rate !== undefined ? formatPercent(cfr.rate * 100) : '—'}
          band={cfr.band}
          details={
            cfr.total === 0
              ? 'No production deployments'
              : `${cfr.failed} of ${plural(
                  cfr.total,
                  'deployment',
                )} failed or caused an incident`
          }
        >
          <Trend
            points={trends.changeFailureRate}
            bucket={bucket}
            kind="line"
            convert={toPercent}
            unit=" %"
          />
        </Tile>
      </Grid>
      <Grid item {...size}>
        <Tile
          title="Time to restore service"
          value={
            ttr.medianMs !== undefined ? formatDuration(ttr.medianMs) : '—'
          }
          band={ttr.band}
          details={
            ttr.count === 0
              ? 'No incident resolved'
              : `median; p90 ${
                  ttr.p90Ms !== undefined ? formatDuration(ttr.p90Ms) : '—'
                } over ${plural(ttr.count, 'resolved incident')}`
          }
        >
          <Trend
            points={trends.timeToRestoreMs}
            bucket={bucket}
            kind="line"
            convert={toHours}
            unit=" h"
          />
        </Tile>
      </Grid>
    </Grid>
  );
};

/** Whether a report has anything to show: any deployment, change or incident. */
export function hasDoraData(report: MetricsReport): boolean {
  const { dora } = report;
  return (
    dora.deploymentFrequency.count > 0 ||
    dora.leadTimeForChanges.count > 0 ||
    dora.leadTimeForChanges.pending > 0 ||
    dora.changeFailureRate.total > 0 ||
    dora.timeToRestore.count > 0
  );
}
