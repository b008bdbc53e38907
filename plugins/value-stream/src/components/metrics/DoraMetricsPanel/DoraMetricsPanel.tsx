import { useTranslationRef } from '@backstage/frontend-plugin-api';
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
import { useToneStyles, type Tone } from '../../primitives/tones';
import { formatNumber, toHours, toPercent } from '../../../lib/metrics';
import {
  valueStreamTranslationRef,
  type ValueStreamT,
} from '../../../translation';

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

interface DoraBandChipProps {
  band: DoraBand;
}

/** The DORA performance band of a metric as a coloured chip. */
const DoraBandChip = ({ band }: DoraBandChipProps) => {
  const classes = useToneStyles();
  const { t } = useTranslationRef(valueStreamTranslationRef);
  return (
    <Chip
      size="small"
      label={t(`dora.bands.${band}`)}
      className={classes[BAND_TONES[band]]}
      title={t('dora.band')}
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

interface TileProps {
  title: string;
  value: string;
  band?: DoraBand;
  details: ReactNode;
  trend: Omit<DoraTrendProps, 'bucket'>;
}

const Tile = ({
  title,
  value,
  band,
  details,
  trend,
  bucket,
}: TileProps & { bucket: DoraTrendProps['bucket'] }) => {
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
      <Trend {...trend} bucket={bucket} />
    </Paper>
  );
};

/**
 * Deployment frequency in the unit that reads best: per day from one a day,
 * per week from one a week, else per month.
 */
function rate(t: ValueStreamT, perDay: number): string {
  if (perDay >= 1) {
    return t('dora.perDay', { value: formatNumber(perDay) });
  }
  if (perDay * 7 >= 1) {
    return t('dora.perWeek', { value: formatNumber(perDay * 7) });
  }
  return t('dora.perMonth', { value: formatNumber(perDay * 30) });
}

function duration(ms?: number): string {
  return ms !== undefined ? formatDuration(ms) : '—';
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
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { dora, trends, bucket } = report;
  const df = dora.deploymentFrequency;
  const lt = dora.leadTimeForChanges;
  const cfr = dora.changeFailureRate;
  const ttr = dora.timeToRestore;
  const size = dense
    ? { xs: 12 as const, sm: 6 as const }
    : { xs: 12 as const, sm: 6 as const, lg: 3 as const };

  const tiles: TileProps[] = [
    {
      title: t('dora.deploymentFrequency'),
      value: rate(t, df.perDay),
      band: df.band,
      details: t('dora.deploymentsIn', {
        deployments: t('dora.productionDeployments', { count: df.count }),
        days: t('dora.days', { count: Math.round(df.days) }),
      }),
      trend: {
        points: trends.deployments,
        kind: 'bar',
        convert: v => v,
        unit: t('dora.deploymentsUnit'),
      },
    },
    {
      title: t('dora.leadTime'),
      value: duration(lt.medianMs),
      band: lt.band,
      details: `${
        lt.count === 0
          ? t('dora.noChangeReachedProduction')
          : t('dora.medianOver', {
              p90: duration(lt.p90Ms),
              what: t('dora.changes', { count: lt.count }),
            })
      }${lt.pending ? t('dora.pending', { pending: String(lt.pending) }) : ''}`,
      trend: {
        points: trends.leadTimeMs,
        kind: 'line',
        convert: toHours,
        unit: t('dora.hoursUnit'),
      },
    },
    {
      title: t('dora.changeFailureRate'),
      value: cfr.rate !== undefined ? formatPercent(cfr.rate * 100) : '—',
      band: cfr.band,
      details:
        cfr.total === 0
          ? t('dora.noProductionDeployments')
          : t('dora.failed', {
              failed: String(cfr.failed),
              deployments: t('dora.deployments', { count: cfr.total }),
            }),
      trend: {
        points: trends.changeFailureRate,
        kind: 'line',
        convert: toPercent,
        unit: t('dora.percentUnit'),
      },
    },
    {
      title: t('dora.timeToRestore'),
      value: duration(ttr.medianMs),
      band: ttr.band,
      details:
        ttr.count === 0
          ? t('dora.noIncidentResolved')
          : t('dora.medianOver', {
              p90: duration(ttr.p90Ms),
              what: t('dora.resolvedIncidents', { count: ttr.count }),
            }),
      trend: {
        points: trends.timeToRestoreMs,
        kind: 'line',
        convert: toHours,
        unit: t('dora.hoursUnit'),
      },
    },
  ];

  return (
    <Grid container spacing={2}>
      {tiles.map(tile => (
        <Grid item {...size} key={tile.title}>
          <Tile {...tile} bucket={bucket} />
        </Grid>
      ))}
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
