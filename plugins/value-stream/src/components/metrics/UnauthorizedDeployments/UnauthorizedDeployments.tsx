import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Suspense, lazy } from 'react';
import {
  Box,
  Grid,
  Paper,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { Progress } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { MetricsReport } from '../../../api';
import { formatPercent } from '../../../lib/format';
import { DataTable } from '../../primitives/DataTable';
import { valueStreamTranslationRef } from '../../../translation';

const useStyles = makeStyles(
  theme => ({
    tile: { padding: theme.spacing(2), height: '100%' },
  }),
  { name: 'ValueStreamUnauthorizedDeployments' },
);

// The same lazily loaded chart as the DORA tiles.
const DoraTrend = lazy(() =>
  import('../DoraMetricsPanel/DoraTrend').then(m => ({
    default: m.DoraTrend,
  })),
);

/** Props of {@link UnauthorizedDeployments}. */
export interface UnauthorizedDeploymentsProps {
  report: MetricsReport;
}

/**
 * The production deployments of a report's window that no authorized
 * change covered: how many, of how many, per bucket of the trend, and per
 * service of the scope (a team's or a system's), most first.
 */
export const UnauthorizedDeployments = ({
  report,
}: UnauthorizedDeploymentsProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const classes = useStyles();
  const { unauthorizedDeployments: u, trends, bucket } = report;
  let details: string = t('unauthorized.noProduction');
  if (u.productionDeployments > 0) {
    details =
      u.count === 0
        ? t('unauthorized.noneTitle')
        : `${t('unauthorized.of', { count: u.productionDeployments })} (${t(
            'unauthorized.share',
            { percent: formatPercent((u.rate ?? 0) * 100) },
          )})`;
  }
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={4}>
        <Paper
          variant="outlined"
          component="section"
          aria-label={t('unauthorized.tile')}
          className={classes.tile}
        >
          <Typography variant="subtitle2" component="h3" color="textSecondary">
            {t('unauthorized.tile')}
          </Typography>
          <Typography variant="h5" component="p">
            {u.count}
          </Typography>
          <Typography variant="caption" color="textSecondary" component="p">
            {details}
          </Typography>
          {trends.unauthorizedDeployments.length > 0 && (
            <Suspense
              fallback={
                <Box height={72} mt={1}>
                  <Progress />
                </Box>
              }
            >
              <DoraTrend
                points={trends.unauthorizedDeployments}
                bucket={bucket}
                kind="bar"
                convert={v => v}
                unit={t('unauthorized.unit')}
              />
            </Suspense>
          )}
        </Paper>
      </Grid>
      {u.byEntity.length > 0 && (
        <Grid item xs={12} md={8}>
          <DataTable size="small" aria-label={t('unauthorized.byService')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('unauthorized.service')}</TableCell>
                <TableCell align="right">{t('unauthorized.count')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {u.byEntity.map(row => (
                <TableRow key={row.entityRef}>
                  <TableCell>
                    <EntityRefLink entityRef={row.entityRef} />
                  </TableCell>
                  <TableCell align="right">{row.count}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </DataTable>
        </Grid>
      )}
    </Grid>
  );
};
