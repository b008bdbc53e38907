import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useMemo, useState } from 'react';
import { Grid, MenuItem, TextField } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import {
  INCIDENT_STATES,
  PRIORITIES,
  type IncidentRecord,
} from '@valuestream/plugin-value-stream-common';
import { useCatalogOptions } from '../../../hooks/useCatalogOptions';
import { usePagedRecords } from '../../../hooks/usePagedRecords';
import { OPEN_STATES } from '../../../lib/records';
import { OPEN, stateQuery } from '../../../lib/states';
import { IncidentsTable } from '../IncidentsTable';
import { PagedList } from '../../primitives/PagedList';
import { StateFilter } from '../../primitives/StateFilter';
import { CatalogSelect } from '../../primitives/CatalogSelect';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

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
  const { enumLabel } = useLabels();
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
          <StateFilter
            id="vs-incidents-state"
            value={state}
            onChange={setState}
            collection="incidents"
            states={INCIDENT_STATES}
            withOpen
            fullWidth
          />
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
                {enumLabel('priority', p)}
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
          <PagedList
            list={incidents}
            shown={shown}
            emptyTitle={t('incidents.empty')}
          >
            {items => (
              <IncidentsTable
                incidents={items}
                onChanged={incidents.reload}
                showEntity
              />
            )}
          </PagedList>
        </Grid>
      </Grid>
    </InfoCard>
  );
};
