import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Box,
  LinearProgress,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { DataTable } from '../../primitives/DataTable';
import {
  PRIORITIES,
  type ServiceLevelAttainment,
} from '@valuestream/plugin-value-stream-common';
import { formatMinutes, formatPercent } from '../../../lib/format';
import { StateChip } from '../../primitives/StateChip';
import { RecordTransitionCell } from '../../primitives/RecordTransitionButton';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

const useStyles = makeStyles(
  theme => ({
    bad: { color: theme.palette.error.main },
    budget: { minWidth: 120 },
  }),
  { name: 'ValueStreamServiceLevelsTable' },
);

/** Props of {@link ServiceLevelsTable}. */
export interface ServiceLevelsTableProps {
  serviceLevels: ServiceLevelAttainment[];
  /** Called after an action changed a service level. */
  onChanged?: () => void;
  /** Hide the per-priority targets (for cards). */
  compact?: boolean;
}

/**
 * Service levels of a service: their targets, measured attainment, breaches
 * and remaining error budget.
 */
export const ServiceLevelsTable = ({
  serviceLevels,
  onChanged,
  compact,
}: ServiceLevelsTableProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { enumLabel, stateLabel } = useLabels();
  const classes = useStyles();
  return (
    <DataTable size="small" aria-label={t('tables.serviceLevels')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('tables.serviceLevel')}</TableCell>
          <TableCell>{t('tables.state')}</TableCell>
          <TableCell>{t('tables.availability')}</TableCell>
          {!compact && <TableCell>{t('tables.targets')}</TableCell>}
          <TableCell>{t('tables.met')}</TableCell>
          <TableCell>{t('tables.breaches')}</TableCell>
          <TableCell>{t('tables.errorBudget')}</TableCell>
          {onChanged && <TableCell>{t('tables.actions')}</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {serviceLevels.map(a => {
          const sl = a.serviceLevel;
          const below = a.availability < sl.availabilityTarget;
          const budget = Math.max(0, Math.min(100, a.errorBudgetRemaining));
          return (
            <TableRow key={sl.id}>
              <TableCell>
                <Typography variant="body2">{sl.name}</Typography>
                {sl.tier && (
                  <Typography variant="caption" color="textSecondary">
                    {sl.fromAnnotation
                      ? t('tables.tierFromAnnotation', { tier: sl.tier })
                      : t('tables.tierOf', { tier: sl.tier })}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                <StateChip
                  value={sl.state}
                  label={stateLabel('service-levels', sl.state)}
                />
              </TableCell>
              <TableCell className={below ? classes.bad : undefined}>
                {formatPercent(a.availability)} (
                {formatPercent(sl.availabilityTarget)})
              </TableCell>
              {!compact && (
                <TableCell>
                  {PRIORITIES.map(p => (
                    <Typography variant="caption" component="div" key={p}>
                      {enumLabel('priority', p)}:{' '}
                      {formatMinutes(sl.targets[p].responseMinutes)} /{' '}
                      {formatMinutes(sl.targets[p].resolutionMinutes)}
                    </Typography>
                  ))}
                </TableCell>
              )}
              <TableCell>
                {formatPercent(a.responseAttainment)} /{' '}
                {formatPercent(a.resolutionAttainment)}
              </TableCell>
              <TableCell className={a.breaches > 0 ? classes.bad : undefined}>
                {a.breaches}
              </TableCell>
              <TableCell className={classes.budget}>
                <Box>
                  <Typography
                    variant="body2"
                    className={
                      a.errorBudgetRemaining < 0 ? classes.bad : undefined
                    }
                  >
                    {formatPercent(a.errorBudgetRemaining)}
                  </Typography>
                  <LinearProgress
                    variant="determinate"
                    value={budget}
                    color={
                      a.errorBudgetRemaining < 20 ? 'secondary' : 'primary'
                    }
                    aria-label={t('tables.errorBudgetOf', { name: sl.name })}
                  />
                </Box>
              </TableCell>
              {onChanged && (
                <RecordTransitionCell
                  collection="service-levels"
                  record={sl}
                  onChanged={onChanged}
                />
              )}
            </TableRow>
          );
        })}
      </TableBody>
    </DataTable>
  );
};
