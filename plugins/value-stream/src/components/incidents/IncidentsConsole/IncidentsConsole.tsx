import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useMemo, useState } from 'react';
import { Grid, MenuItem, TextField } from '@material-ui/core';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  INCIDENT_STATES,
  PRIORITIES,
  type IncidentRecord,
} from '@valuestream/plugin-value-stream-common';
import { useCatalogOptions } from '../../../hooks/useCatalogOptions';
import { usePagedRecords } from '../../../hooks/usePagedRecords';
import { humanize } from '../../../lib/format';
import { OPEN_STATES } from '../../../lib/records';
import { OPEN, stateQuery } from '../../../lib/states';
import { IncidentsTable } from '../IncidentsTable';
import { LoadMore } from '../../primitives/LoadMore';
import { CatalogSelect } from '../../primitives/CatalogSelect';
import { valueStreamTranslationRef } from '../../../translation';

function breachedFirst(a: IncidentRecord, b: IncidentRecord): number {
  const breached = (i: IncidentRecord) =>
    Number(i.sla.responseBreached || i.sla.resolutionBreached);
  return (
    breached(b) - breached(a) ||
    a.priority.localeCompare(b.priority) ||
    b.createdAt.localeCompare(a.createdAt)
  );
}

/**
 * The incident console of the service desk: every incident filtered by
 * state, priority and service, breached ones first and highlighted.
 */
export const IncidentsConsole = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const [state, setState] = useState<string>(OPEN);
  const [priority, setPriority] = useState('');
  const [service, setService] = useState('');
  const services = useCatalogOptions(['Component', 'System']);

  const incidents = usePagedRecords('incidents', {
    state: stateQuery(state, OPEN_STATES.incidents),
    entityRef: service || undefined,
    limit: 100,
  });
  const shown = useMemo(
    () =>
      incidents.items
        .filter(i => !priority || i.priority === priority)
        .sort(breachedFirst),
    [incidents.items, priority],
  );

  return (
    <InfoCard title={t('incidents.title')}>
      <Grid container spacing={2}>
        <Grid item xs={12} sm={4} md={3}>
          <TextField
            select
            id="vs-incidents-state"
            label={t('filters.state')}
            SelectProps={{ displayEmpty: true }}
            InputLabelProps={{ shrink: true }}
            value={state}
            onChange={e => setState(e.target.value)}
            fullWidth
          >
            <MenuItem value={OPEN}>{t('filters.open')}</MenuItem>
            <MenuItem value="">{t('filters.all')}</MenuItem>
            {INCIDENT_STATES.map(s => (
              <MenuItem key={s} value={s}>
                {humanize(s)}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={4} md={3}>
          <TextField
            select
            id="vs-incidents-priority"
            label={t('incidents.priority')}
            SelectProps={{ displayEmpty: true }}
            InputLabelProps={{ shrink: true }}
            value={priority}
            onChange={e => setPriority(e.target.value)}
            fullWidth
          >
            <MenuItem value="">{t('incidents.allPriorities')}</MenuItem>
            {PRIORITIES.map(p => (
              <MenuItem key={p} value={p}>
                {p}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={4} md={3}>
          <CatalogSelect
            id="vs-incidents-service"
            label={t('incidents.service')}
            emptyLabel={t('incidents.allServices')}
            what={t('incidents.services')}
            value={service}
            onChange={setService}
            options={services}
          />
        </Grid>
        <Grid item xs={12}>
          {incidents.loading && !incidents.items.length && <Progress />}
          {incidents.error && <ResponseErrorPanel error={incidents.error} />}
          {!incidents.loading && !incidents.error && shown.length === 0 && (
            <EmptyState missing="data" title={t('incidents.empty')} />
          )}
          {shown.length > 0 && (
            <IncidentsTable
              incidents={shown}
              onChanged={incidents.reload}
              showEntity
            />
          )}
          <LoadMore
            hasMore={incidents.hasMore}
            loading={incidents.loading}
            onLoadMore={incidents.loadMore}
          />
        </Grid>
      </Grid>
    </InfoCard>
  );
};
