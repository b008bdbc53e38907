import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { PROBLEM_STATES } from '@valuestream/plugin-value-stream-common';
import { usePagedRecords } from '../../../hooks/usePagedRecords';
import { OPEN_STATES } from '../../../lib/records';
import { OPEN, stateQuery } from '../../../lib/states';
import { ProblemsList } from '../ProblemsList';
import { PagedList } from '../../primitives/PagedList';
import { StateFilter } from '../../primitives/StateFilter';
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
      <StateFilter
        id="vs-problems-state"
        value={state}
        onChange={setState}
        collection="problems"
        states={PROBLEM_STATES}
        withOpen
        style={{ minWidth: 200 }}
      />
      <PagedList list={problems} emptyTitle={t('problems.empty')}>
        {items => (
          <ProblemsList
            problems={items}
            onChanged={problems.reload}
            showEntity
          />
        )}
      </PagedList>
    </InfoCard>
  );
};
