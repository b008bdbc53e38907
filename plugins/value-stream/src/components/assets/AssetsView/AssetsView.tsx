import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import {
  Box,
  Grid,
  MenuItem,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { DataTable } from '../../primitives/DataTable';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import {
  valueStreamApiRef,
  type AssetSummary,
  type CostRollup,
} from '../../../api';
import { formatAmounts } from '../../../lib/assets';
import { formatDate } from '../../../lib/format';
import type { ValueLabels } from '../../../lib/labels';
import { AsyncContent } from '../../primitives/AsyncContent';
import { ExpiryChip } from '../ExpiryChip';
import { useTextStyles } from '../../primitives/tones';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

const WINDOWS = [30, 60, 90, 180];

function annual(
  { costLabel }: ValueLabels,
  { annualCost, cost }: AssetSummary,
): string {
  if (annualCost !== undefined && cost) {
    return costLabel({ ...cost, amount: annualCost, period: 'year' });
  }
  return cost ? costLabel(cost) : '—';
}

const ExpiringTable = ({ assets }: { assets: AssetSummary[] }) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const labels = useLabels();
  const sorted = [...assets].sort(
    (a, b) =>
      (a.daysToExpiry ?? Number.MAX_SAFE_INTEGER) -
      (b.daysToExpiry ?? Number.MAX_SAFE_INTEGER),
  );
  return (
    <DataTable size="small" aria-label={t('assets.expiringAssets')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('assets.asset')}</TableCell>
          <TableCell>{t('assets.type')}</TableCell>
          <TableCell>{t('assets.vendor')}</TableCell>
          <TableCell>{t('assets.owner')}</TableCell>
          <TableCell>{t('assets.expires')}</TableCell>
          <TableCell>{t('assets.daysLeft')}</TableCell>
          <TableCell align="right">{t('assets.cost')}</TableCell>
          <TableCell align="right">{t('assets.dependents')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {sorted.map(asset => (
          <TableRow key={asset.entityRef}>
            <TableCell component="th" scope="row">
              <EntityRefLink entityRef={asset.entityRef} title={asset.title} />
            </TableCell>
            <TableCell>
              {labels.enumLabel('assetType', asset.assetType)}
            </TableCell>
            <TableCell>{asset.vendor ?? '—'}</TableCell>
            <TableCell>
              {asset.owner ? <EntityRefLink entityRef={asset.owner} /> : '—'}
            </TableCell>
            <TableCell>{formatDate(asset.expires)}</TableCell>
            <TableCell>
              {asset.daysToExpiry !== undefined ? (
                <ExpiryChip days={asset.daysToExpiry} />
              ) : (
                '—'
              )}
            </TableCell>
            <TableCell align="right">{annual(labels, asset)}</TableCell>
            <TableCell align="right">{asset.dependents.length}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </DataTable>
  );
};

const CostTable = ({
  rollups,
  label,
  heading,
  empty,
}: {
  rollups: CostRollup[];
  label: string;
  /** The header of the first column: what the costs roll up to. */
  heading: string;
  empty: string;
}) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  if (rollups.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {empty}
      </Typography>
    );
  }
  return (
    <DataTable size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>{heading}</TableCell>
          <TableCell align="right">{t('assets.annualCost')}</TableCell>
          <TableCell align="right">{t('assets.assets')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rollups.map(r => (
          <TableRow key={r.entityRef}>
            <TableCell component="th" scope="row">
              <EntityRefLink entityRef={r.entityRef} title={r.title} />
            </TableCell>
            <TableCell align="right">{formatAmounts(r.annualCost)}</TableCell>
            <TableCell align="right">{r.assets.length}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </DataTable>
  );
};

const AssetList = ({
  assets,
  label,
  empty,
  detail,
}: {
  assets: AssetSummary[];
  label: string;
  empty: string;
  detail: (asset: AssetSummary) => string;
}) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { enumLabel } = useLabels();
  return assets.length === 0 ? (
    <Typography variant="body2" color="textSecondary">
      {empty}
    </Typography>
  ) : (
    <DataTable size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>{t('assets.asset')}</TableCell>
          <TableCell>{t('assets.type')}</TableCell>
          <TableCell>{t('assets.details')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {assets.map(asset => (
          <TableRow key={asset.entityRef}>
            <TableCell component="th" scope="row">
              <EntityRefLink entityRef={asset.entityRef} title={asset.title} />
            </TableCell>
            <TableCell>{enumLabel('assetType', asset.assetType)}</TableCell>
            <TableCell>{detail(asset)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </DataTable>
  );
};

/**
 * The assets of the catalog: licences and contracts that expire within a
 * chosen window, soonest first; yearly cost per service and per system; and
 * assets that nobody owns or nothing depends on.
 */
export const AssetsView = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { costLabel } = useLabels();
  const text = useTextStyles();
  const api = useApi(valueStreamApiRef);
  const [days, setDays] = useState(90);
  const { value, loading, error } = useAsync(
    () => api.getAssets(days),
    [api, days],
  );

  return (
    <Box>
      <TextField
        select
        id="vs-assets-window"
        label={t('assets.expiringWithin')}
        value={days}
        onChange={e => setDays(Number(e.target.value))}
        style={{ minWidth: 200 }}
        InputLabelProps={{ className: text.secondary }}
      >
        {WINDOWS.map(d => (
          <MenuItem key={d} value={d}>
            {t('assets.days', { days: String(d) })}
          </MenuItem>
        ))}
      </TextField>
      <Box mt={2}>
        <AsyncContent
          loading={loading}
          error={error}
          value={value}
          isEmpty={overview => overview.assets.length === 0}
          emptyTitle={t('assets.emptyTitle')}
          emptyDescription={t('assets.emptyDescription')}
        >
          {overview => (
            <Grid container spacing={3}>
              <Grid item xs={12}>
                <InfoCard
                  title={t('assets.expiringTitle')}
                  subheader={t('assets.expiringSubheader', {
                    days: String(days),
                  })}
                >
                  {overview.expiring.length === 0 ? (
                    <Typography variant="body2" color="textSecondary">
                      {t('assets.nothingExpires', { days: String(days) })}
                    </Typography>
                  ) : (
                    <ExpiringTable assets={overview.expiring} />
                  )}
                </InfoCard>
              </Grid>
              <Grid item xs={12} md={6}>
                <InfoCard
                  title={t('assets.costPerServiceTitle')}
                  subheader={t('assets.costPerServiceSubheader')}
                >
                  <CostTable
                    rollups={overview.costByService}
                    label={t('assets.costPerServiceTitle')}
                    heading={t('assets.service')}
                    empty={t('assets.noCostedService')}
                  />
                </InfoCard>
              </Grid>
              <Grid item xs={12} md={6}>
                <InfoCard
                  title={t('assets.costPerSystemTitle')}
                  subheader={t('assets.costPerSystemSubheader')}
                >
                  <CostTable
                    rollups={overview.costBySystem}
                    label={t('assets.costPerSystemTitle')}
                    heading={t('assets.system')}
                    empty={t('assets.noCostedSystem')}
                  />
                </InfoCard>
              </Grid>
              <Grid item xs={12} md={6}>
                <InfoCard title={t('assets.withoutOwnerTitle')}>
                  <AssetList
                    assets={overview.withoutOwner}
                    label={t('assets.withoutOwnerTitle')}
                    empty={t('assets.everyAssetOwned')}
                    detail={a => a.vendor ?? '—'}
                  />
                </InfoCard>
              </Grid>
              <Grid item xs={12} md={6}>
                <InfoCard title={t('assets.unusedTitle')}>
                  <AssetList
                    assets={overview.withoutDependents}
                    label={t('assets.unusedTitle')}
                    empty={t('assets.everyAssetNeeded')}
                    detail={a =>
                      a.cost ? costLabel(a.cost) : t('assets.noCost')
                    }
                  />
                </InfoCard>
              </Grid>
            </Grid>
          )}
        </AsyncContent>
      </Box>
    </Box>
  );
};
