import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@material-ui/core';
import type { SloStatus } from '@valuestream/plugin-value-stream-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { valueStreamApiRef } from '../../../api';
import { valueStreamTranslationRef } from '../../../translation';
import { AsyncContent } from '../../primitives/AsyncContent';

const WIDTH = 160;
const HEIGHT = 32;

function percent(
  value: number | undefined,
  digits: number,
): string | undefined {
  return value === undefined ? undefined : `${(value * 100).toFixed(digits)} %`;
}

/**
 * The remaining budget over the window as a line from 100 % (top) down;
 * the zero line is dashed. Points without data are left out.
 */
const BurnDown = ({ slo, label }: { slo: SloStatus; label: string }) => {
  const points = slo.burndown ?? [];
  const known = points
    .map((p, i) => ({ i, v: p.remainingBudget }))
    .filter((p): p is { i: number; v: number } => p.v !== null);
  if (known.length === 0) {
    return null;
  }
  const low = Math.min(0, ...known.map(p => p.v));
  const x = (i: number) =>
    points.length > 1 ? (i / (points.length - 1)) * WIDTH : 0;
  const y = (v: number) => ((1 - v) / (1 - low)) * HEIGHT;
  return (
    <svg role="img" aria-label={label} width={WIDTH} height={HEIGHT}>
      <line
        x1={0}
        x2={WIDTH}
        y1={y(0)}
        y2={y(0)}
        stroke="currentColor"
        strokeDasharray="2 2"
        opacity={0.4}
      />
      <polyline
        fill="none"
        stroke="currentColor"
        strokeWidth={1.5}
        points={known.map(p => `${x(p.i)},${y(p.v)}`).join(' ')}
      />
    </svg>
  );
};

/**
 * A card with the SLOs of the entity on the current page: objective,
 * current SLI, remaining error budget with its burn-down over the window,
 * and the burn-rate alert state, as the last evaluation measured them. A
 * stale SLO says since when; one without a source says so rather than
 * showing zero.
 */
export const EntitySloCard = ({ entityRef }: { entityRef: string }) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const api = useApi(valueStreamApiRef);
  const { value, loading, error } = useAsyncRetry(
    () => api.listSlos({ entityRef }),
    [api, entityRef],
  );
  const stateLabel = (slo: SloStatus) => {
    switch (slo.state) {
      case 'ok':
        return t('sloCard.stateOk');
      case 'stale':
        return t('sloCard.stateStale', {
          time: slo.measuredAt
            ? new Date(slo.measuredAt).toLocaleString()
            : t('sloCard.noValue'),
        });
      case 'no-source':
        return t('sloCard.stateNoSource');
      default:
        return t('sloCard.statePending');
    }
  };
  const burnLabel = {
    page: t('sloCard.burnPage'),
    ticket: t('sloCard.burnTicket'),
    ok: t('sloCard.burnOk'),
    'no-data': t('sloCard.burnNoData'),
  };
  return (
    <InfoCard title={t('sloCard.title')}>
      <AsyncContent
        loading={loading}
        error={error}
        value={value?.items}
        isEmpty={items => items.length === 0}
        emptyTitle={t('sloCard.noSlosTitle')}
        emptyDescription={t('sloCard.noSlosDescription')}
      >
        {items => (
          <Table size="small" aria-label={t('sloCard.tableLabel')}>
            <TableHead>
              <TableRow>
                <TableCell>SLO</TableCell>
                <TableCell>{t('sloCard.objective')}</TableCell>
                <TableCell>{t('sloCard.currentSli')}</TableCell>
                <TableCell>{t('sloCard.remainingBudget')}</TableCell>
                <TableCell>{t('sloCard.burnDown')}</TableCell>
                <TableCell>{t('sloCard.burnRate')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map(slo => {
                const measured = slo.state === 'ok' || slo.state === 'stale';
                return (
                  <TableRow key={slo.name}>
                    <TableCell>
                      <Typography variant="body2">
                        {slo.displayName ?? slo.name}
                      </Typography>
                      <Tooltip title={slo.error ?? ''}>
                        <Typography variant="caption" color="textSecondary">
                          {stateLabel(slo)}
                          {slo.state === 'no-source'
                            ? ` (${t('sloCard.noSourceHint', {
                                source: slo.source,
                              })})`
                            : ''}
                        </Typography>
                      </Tooltip>
                    </TableCell>
                    <TableCell>
                      {t('sloCard.objectiveValue', {
                        target: percent(slo.target, 2)!,
                        window: slo.timeWindow,
                      })}
                    </TableCell>
                    <TableCell>
                      {(measured && percent(slo.sli, 3)) ||
                        t('sloCard.noValue')}
                    </TableCell>
                    <TableCell>
                      {(measured && percent(slo.remainingBudget, 1)) ||
                        t('sloCard.noValue')}
                    </TableCell>
                    <TableCell>
                      {measured ? (
                        <BurnDown
                          slo={slo}
                          label={t('sloCard.burnDownLabel', {
                            name: slo.displayName ?? slo.name,
                          })}
                        />
                      ) : null}
                    </TableCell>
                    <TableCell>
                      {measured
                        ? burnLabel[slo.burnRateState]
                        : t('sloCard.noValue')}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </AsyncContent>
    </InfoCard>
  );
};
