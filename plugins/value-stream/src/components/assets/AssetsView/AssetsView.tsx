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
import { DataTable } from '../../shared/DataTable';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import {
  valueStreamApiRef,
  type AssetSummary,
  type CostRollup,
} from '../../../api';
import {
  assetTypeLabel,
  formatAmounts,
  formatCost,
  formatMoney,
} from '../../../lib/assets';
import { formatDate } from '../../../lib/format';
import { ExpiryChip } from '../ExpiryChip';
import { useTextStyles } from '../../shared/tones';

const WINDOWS = [30, 60, 90, 180];

function annual(asset: AssetSummary): string {
  if (asset.annualCost !== undefined && asset.cost) {
    return `${formatMoney(asset.annualCost, asset.cost.currency)} per year`;
  }
  return asset.cost ? formatCost(asset.cost) : '—';
}

const ExpiringTable = ({ assets }: { assets: AssetSummary[] }) => {
  const sorted = [...assets].sort(
    (a, b) =>
      (a.daysToExpiry ?? Number.MAX_SAFE_INTEGER) -
      (b.daysToExpiry ?? Number.MAX_SAFE_INTEGER),
  );
  return (
    <DataTable size="small" aria-label="Expiring assets">
      <TableHead>
        <TableRow>
          <TableCell>Asset</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>Vendor</TableCell>
          <TableCell>Owner</TableCell>
          <TableCell>Expires</TableCell>
          <TableCell>Days left</TableCell>
          <TableCell align="right">Cost</TableCell>
          <TableCell align="right">Dependents</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {sorted.map(asset => (
          <TableRow key={asset.entityRef}>
            <TableCell component="th" scope="row">
              <EntityRefLink entityRef={asset.entityRef} title={asset.title} />
            </TableCell>
            <TableCell>{assetTypeLabel(asset.assetType)}</TableCell>
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
            <TableCell align="right">{annual(asset)}</TableCell>
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
  noun,
}: {
  rollups: CostRollup[];
  label: string;
  noun: string;
}) => {
  if (rollups.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No {noun} needs a costed asset.
      </Typography>
    );
  }
  return (
    <DataTable size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>{noun.charAt(0).toUpperCase() + noun.slice(1)}</TableCell>
          <TableCell align="right">Annual cost</TableCell>
          <TableCell align="right">Assets</TableCell>
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
}) =>
  assets.length === 0 ? (
    <Typography variant="body2" color="textSecondary">
      {empty}
    </Typography>
  ) : (
    <DataTable size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>Asset</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>Details</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {assets.map(asset => (
          <TableRow key={asset.entityRef}>
            <TableCell component="th" scope="row">
              <EntityRefLink entityRef={asset.entityRef} title={asset.title} />
            </TableCell>
            <TableCell>{assetTypeLabel(asset.assetType)}</TableCell>
            <TableCell>{detail(asset)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </DataTable>
  );

/**
 * The assets of the catalog: licences and contracts that expire within a
 * chosen window, soonest first; yearly cost per service and per system; and
 * assets that nobody owns or nothing depends on.
 */
export const AssetsView = () => {
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
        label="Expiring within"
        value={days}
        onChange={e => setDays(Number(e.target.value))}
        style={{ minWidth: 200 }}
        InputLabelProps={{ className: text.secondary }}
      >
        {WINDOWS.map(d => (
          <MenuItem key={d} value={d}>
            {d} days
          </MenuItem>
        ))}
      </TextField>
      <Box mt={2}>
        {loading && <Progress />}
        {!loading && error && <ResponseErrorPanel error={error} />}
        {!loading && !error && (!value || value.assets.length === 0) && (
          <EmptyState
            missing="data"
            title="No assets in the catalog"
            description="Assets are Resources with the annotation valuestream.io/asset-type (license, hardware or cloud)."
          />
        )}
        {!loading && !error && value && value.assets.length > 0 && (
          <Grid container spacing={3}>
            <Grid item xs={12}>
              <InfoCard
                title="Expiring licences and contracts"
                subheader={`Within ${days} days, soonest first`}
              >
                {value.expiring.length === 0 ? (
                  <Typography variant="body2" color="textSecondary">
                    Nothing expires within {days} days.
                  </Typography>
                ) : (
                  <ExpiringTable assets={value.expiring} />
                )}
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={6}>
              <InfoCard
                title="Cost per service"
                subheader="Yearly run rate of the assets each service needs"
              >
                <CostTable
                  rollups={value.costByService}
                  label="Cost per service"
                  noun="service"
                />
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={6}>
              <InfoCard
                title="Cost per system"
                subheader="Yearly run rate of the assets of each system's services"
              >
                <CostTable
                  rollups={value.costBySystem}
                  label="Cost per system"
                  noun="system"
                />
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={6}>
              <InfoCard title="Assets without an owner">
                <AssetList
                  assets={value.withoutOwner}
                  label="Assets without an owner"
                  empty="Every asset has an owner."
                  detail={a => a.vendor ?? '—'}
                />
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={6}>
              <InfoCard title="Assets nothing depends on">
                <AssetList
                  assets={value.withoutDependents}
                  label="Assets nothing depends on"
                  empty="Every asset is needed by at least one entity."
                  detail={a =>
                    a.cost ? formatCost(a.cost) : 'No cost recorded'
                  }
                />
              </InfoCard>
            </Grid>
          </Grid>
        )}
      </Box>
    </Box>
  );
};
