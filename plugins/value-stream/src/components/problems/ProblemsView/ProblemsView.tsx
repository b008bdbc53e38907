import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import { MenuItem, TextField } from '@material-ui/core';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { PROBLEM_STATES } from '@valuestream/plugin-value-stream-common';
import { usePagedRecords } from '../../../hooks/usePagedRecords';
import { humanize } from '../../../lib/format';
import { OPEN_STATES } from '../../../lib/records';
import { OPEN, stateQuery } from '../../../lib/states';
import { ProblemsList } from '../ProblemsList';
import { LoadMore } from '../../primitives/LoadMore';
import { valueStreamTranslationRef } from '../../../translation';

/** Problem management: problems and known errors across all services. */
export const ProblemsView = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const [state, setState] = useState<string>(OPEN);
  const problems = usePagedRecords('problems', {
    state: stateQuery(state, OPEN_STATES.problems),
    limit: 100,
  });
  return (
    <InfoCard title={t('problems.title')}>
      <TextField
        select
        id="vs-problems-state"
        label={t('filters.state')}
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
        value={state}
        onChange={e => setState(e.target.value)}
        style={{ minWidth: 200 }}
      >
        <MenuItem value={OPEN}>{t('filters.open')}</MenuItem>
        <MenuItem value="">{t('filters.all')}</MenuItem>
        {PROBLEM_STATES.map(s => (
          <MenuItem key={s} value={s}>
            {humanize(s)}
          </MenuItem>
        ))}
      </TextField>
      {problems.loading && !problems.items.length && <Progress />}
      {problems.error && <ResponseErrorPanel error={problems.error} />}
      {!problems.loading && !problems.error && problems.items.length === 0 && (
        <EmptyState missing="data" title={t('problems.empty')} />
      )}
      {problems.items.length > 0 && (
        <ProblemsList
          problems={problems.items}
          onChanged={problems.reload}
          showEntity
        />
      )}
      <LoadMore
        hasMore={problems.hasMore}
        loading={problems.loading}
        onLoadMore={problems.loadMore}
      />
    </InfoCard>
  );
};
