import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import { Box, Grid, MenuItem, TextField } from '@material-ui/core';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { DateTime } from 'luxon';
import { valueStreamApiRef, type MetricsBucket } from '../../../api';
import { useTextStyles } from '../../primitives/tones';
import { useCatalogOptions } from '../../../hooks/useCatalogOptions';
import { formatDate } from '../../../lib/format';
import { DoraMetricsPanel, hasDoraData } from '../DoraMetricsPanel';
import { FlowMetrics } from '../FlowMetrics';
import { UnauthorizedDeployments } from '../UnauthorizedDeployments';
import { CatalogSelect } from '../../primitives/CatalogSelect';
import { valueStreamTranslationRef } from '../../../translation';

const WINDOWS = [30, 90, 180, 365];
const BUCKETS: MetricsBucket[] = ['day', 'week', 'month'];

/**
 * DORA, unauthorized deployment and flow metrics of a system or of an
 * owner's services (per service of it), over a
 * chosen window, with trends by day, week or month. It opens on the first
 * team of the signed-in user, until they choose another scope.
 */
export const MetricsView = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const text = useTextStyles();
  const api = useApi(valueStreamApiRef);
  const identityApi = useApi(identityApiRef);
  const [system, setSystem] = useState('');
  // Undefined until the user picks an owner (or a system, which clears it).
  const [chosenOwner, setOwner] = useState<string>();
  const { value: myTeam } = useAsync(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    return ownershipEntityRefs.find(ref =>
      ref.toLocaleLowerCase('en-US').startsWith('group:'),
    );
  }, [identityApi]);
  const owner = chosenOwner ?? myTeam ?? '';
  const [days, setDays] = useState(90);
  const [bucket, setBucket] = useState<MetricsBucket>('week');
  const systems = useCatalogOptions(['System']);
  const owners = useCatalogOptions(['Group']);

  const { value, loading, error } = useAsync(async () => {
    if (!system && !owner) {
      return undefined;
    }
    const from = DateTime.now().minus({ days }).startOf('day').toUTC().toISO()!;
    const scope = system ? { system } : { owner };
    return api.getMetrics({ ...scope, from, bucket });
  }, [api, system, owner, days, bucket]);

  const scoped = Boolean(system || owner);
  // A report has one scope: choosing a system clears the owner and back.
  const chooseSystem = (ref: string) => {
    setSystem(ref);
    if (ref) {
      setOwner('');
    }
  };
  const chooseOwner = (ref: string) => {
    setOwner(ref);
    if (ref) {
      setSystem('');
    }
  };

  return (
    <Box>
      <Grid container spacing={2}>
        <Grid item xs={12} sm={6} md={3}>
          <CatalogSelect
            id="vs-metrics-system"
            label={t('filters.system')}
            emptyLabel={t('metrics.noSystem')}
            what={t('filters.systems')}
            value={system}
            onChange={chooseSystem}
            options={systems}
          />
        </Grid>
        <Grid item xs={12} sm={6} md={3}>
          <CatalogSelect
            id="vs-metrics-owner"
            label={t('filters.owner')}
            emptyLabel={t('metrics.noOwner')}
            what={t('filters.owners')}
            value={owner}
            onChange={chooseOwner}
            options={owners}
          />
        </Grid>
        <Grid item xs={6} sm={3} md={2}>
          <TextField
            select
            id="vs-metrics-window"
            label={t('metrics.window')}
            value={days}
            onChange={e => setDays(Number(e.target.value))}
            fullWidth
            InputLabelProps={{ className: text.secondary }}
          >
            {WINDOWS.map(d => (
              <MenuItem key={d} value={d}>
                {t('metrics.lastDays', { days: String(d) })}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={6} sm={3} md={2}>
          <TextField
            select
            id="vs-metrics-bucket"
            label={t('metrics.trendBy')}
            value={bucket}
            onChange={e => setBucket(e.target.value as MetricsBucket)}
            fullWidth
            InputLabelProps={{ className: text.secondary }}
          >
            {BUCKETS.map(b => (
              <MenuItem key={b} value={b}>
                {t(`metrics.${b}`)}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
      </Grid>
      <Box mt={2}>
        {!scoped && (
          <EmptyState
            missing="field"
            title={t('metrics.chooseScopeTitle')}
            description={t('metrics.chooseScopeDescription')}
          />
        )}
        {scoped && loading && <Progress />}
        {scoped && !loading && error && <ResponseErrorPanel error={error} />}
        {scoped && !loading && !error && value && (
          <Grid container spacing={3}>
            <Grid item xs={12}>
              <InfoCard
                title={t('metrics.doraTitle')}
                subheader={t('dora.subheader', {
                  count: value.scope.entityRefs.length,
                  from: formatDate(value.window.from),
                  to: formatDate(value.window.to),
                })}
              >
                {hasDoraData(value) ? (
                  <DoraMetricsPanel report={value} />
                ) : (
                  <EmptyState
                    missing="data"
                    title={t('metrics.noDeliveryTitle')}
                    description={t('metrics.noDeliveryDescription')}
                  />
                )}
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard
                title={t('unauthorized.title')}
                subheader={t('unauthorized.subheader')}
              >
                <UnauthorizedDeployments report={value} />
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard title={t('metrics.flowTitle')}>
                <FlowMetrics flow={value.flow} />
              </InfoCard>
            </Grid>
          </Grid>
        )}
      </Box>
    </Box>
  );
};
