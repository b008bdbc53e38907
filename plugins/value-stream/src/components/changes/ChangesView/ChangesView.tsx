import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import { Grid, MenuItem, TextField } from '@material-ui/core';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { CHANGE_STATES } from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef } from '../../../api';
import { usePagedRecords } from '../../../hooks/usePagedRecords';
import { humanize } from '../../../lib/format';
import { OPEN_STATES } from '../../../lib/records';
import { OPEN, stateQuery } from '../../../lib/states';
import { ChangesTable } from '../ChangesTable';
import { ChangeCalendar } from '../ChangeCalendar';
import { LoadMore } from '../../primitives/LoadMore';
import { valueStreamTranslationRef } from '../../../translation';

/**
 * Change enablement for the whole portal: the changes waiting for the
 * signed-in user's approval, a calendar of planned windows and a table of
 * all changes.
 */
export const ChangesView = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const api = useApi(valueStreamApiRef);
  const [state, setState] = useState<string>(OPEN);

  const awaiting = useAsyncRetry(() => api.listAwaitingMyApproval(), [api]);
  const changes = usePagedRecords('changes', {
    state: stateQuery(state, OPEN_STATES.changes),
    limit: 100,
  });
  const refresh = () => {
    awaiting.retry();
    changes.reload();
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title={t('changes.awaitingTitle')}>
          {awaiting.loading && <Progress />}
          {!awaiting.loading && awaiting.error && (
            <ResponseErrorPanel error={awaiting.error} />
          )}
          {!awaiting.loading &&
            !awaiting.error &&
            !awaiting.value?.items.length && (
              <EmptyState missing="data" title={t('changes.awaitingEmpty')} />
            )}
          {!awaiting.loading &&
            !awaiting.error &&
            !!awaiting.value?.items.length && (
              <ChangesTable
                changes={awaiting.value.items}
                onChanged={refresh}
                showEntity
              />
            )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title={t('changes.calendarTitle')}>
          {changes.loading && !changes.items.length && <Progress />}
          {changes.error && <ResponseErrorPanel error={changes.error} />}
          {!changes.error && !(changes.loading && !changes.items.length) && (
            <ChangeCalendar changes={changes.items} />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title={t('changes.listTitle')}>
          <TextField
            select
            id="vs-changes-state"
            label={t('filters.state')}
            SelectProps={{ displayEmpty: true }}
            InputLabelProps={{ shrink: true }}
            value={state}
            onChange={e => setState(e.target.value)}
            style={{ minWidth: 200, marginBottom: 16 }}
          >
            <MenuItem value={OPEN}>{t('filters.open')}</MenuItem>
            <MenuItem value="">{t('filters.all')}</MenuItem>
            {CHANGE_STATES.map(s => (
              <MenuItem key={s} value={s}>
                {humanize(s)}
              </MenuItem>
            ))}
          </TextField>
          {changes.loading && !changes.items.length && <Progress />}
          {changes.error && <ResponseErrorPanel error={changes.error} />}
          {!changes.loading && !changes.error && changes.items.length === 0 && (
            <EmptyState missing="data" title={t('changes.empty')} />
          )}
          {changes.items.length > 0 && (
            <>
              <ChangesTable
                changes={changes.items}
                onChanged={refresh}
                showEntity
              />
              <LoadMore
                hasMore={changes.hasMore}
                loading={changes.loading}
                onLoadMore={changes.loadMore}
              />
            </>
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
};
