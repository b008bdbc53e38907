import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import { Grid } from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { CHANGE_STATES } from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef } from '../../../api';
import { usePagedRecords } from '../../../hooks/usePagedRecords';
import { OPEN_STATES } from '../../../lib/records';
import { OPEN, stateQuery } from '../../../lib/states';
import { ChangesTable } from '../ChangesTable';
import { ChangeCalendar } from '../ChangeCalendar';
import { AsyncContent } from '../../primitives/AsyncContent';
import { PagedList } from '../../primitives/PagedList';
import { StateFilter } from '../../primitives/StateFilter';
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
          <AsyncContent
            loading={awaiting.loading}
            error={awaiting.error}
            value={awaiting.value?.items}
            isEmpty={items => items.length === 0}
            emptyTitle={t('changes.awaitingEmpty')}
          >
            {items => (
              <ChangesTable changes={items} onChanged={refresh} showEntity />
            )}
          </AsyncContent>
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
          <StateFilter
            id="vs-changes-state"
            value={state}
            onChange={setState}
            collection="changes"
            states={CHANGE_STATES}
            withOpen
            style={{ minWidth: 200, marginBottom: 16 }}
          />
          <PagedList list={changes} emptyTitle={t('changes.empty')}>
            {items => (
              <ChangesTable changes={items} onChanged={refresh} showEntity />
            )}
          </PagedList>
        </InfoCard>
      </Grid>
    </Grid>
  );
};
