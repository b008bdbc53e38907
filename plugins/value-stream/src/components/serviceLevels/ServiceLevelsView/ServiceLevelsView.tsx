import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import {
  MenuItem,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
} from '@material-ui/core';
import { DataTable } from '../../primitives/DataTable';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { SERVICE_LEVEL_STATES } from '@valuestream/plugin-value-stream-common';
import { usePagedRecords } from '../../../hooks/usePagedRecords';
import {
  formatDate,
  formatMinutes,
  formatPercent,
  humanize,
} from '../../../lib/format';
import { StateChip } from '../../primitives/StateChip';
import { RecordTransitionButton } from '../../primitives/RecordTransitionButton';
import { LoadMore } from '../../primitives/LoadMore';
import { valueStreamTranslationRef } from '../../../translation';

/**
 * Service level management: every service level with its state, so that
 * proposed ones can be agreed and old ones retired.
 */
export const ServiceLevelsView = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const [state, setState] = useState('');
  const serviceLevels = usePagedRecords('service-levels', {
    state: state ? [state] : undefined,
    limit: 100,
  });
  return (
    <InfoCard title={t('serviceLevels.title')}>
      <TextField
        select
        id="vs-service-levels-state"
        label={t('filters.state')}
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
        value={state}
        onChange={e => setState(e.target.value)}
        style={{ minWidth: 200, marginBottom: 16 }}
      >
        <MenuItem value="">{t('filters.all')}</MenuItem>
        {SERVICE_LEVEL_STATES.map(s => (
          <MenuItem key={s} value={s}>
            {humanize(s)}
          </MenuItem>
        ))}
      </TextField>
      {serviceLevels.loading && !serviceLevels.items.length && <Progress />}
      {serviceLevels.error && (
        <ResponseErrorPanel error={serviceLevels.error} />
      )}
      {!serviceLevels.loading &&
        !serviceLevels.error &&
        serviceLevels.items.length === 0 && (
          <EmptyState missing="data" title={t('serviceLevels.empty')} />
        )}
      {serviceLevels.items.length > 0 && (
        <DataTable size="small" aria-label={t('tables.serviceLevels')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('tables.serviceLevel')}</TableCell>
              <TableCell>{t('tables.service')}</TableCell>
              <TableCell>{t('tables.tier')}</TableCell>
              <TableCell>{t('tables.state')}</TableCell>
              <TableCell>{t('tables.availabilityTarget')}</TableCell>
              <TableCell>{t('tables.p1Targets')}</TableCell>
              <TableCell>{t('tables.agreed')}</TableCell>
              <TableCell>{t('tables.actions')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {serviceLevels.items.map(sl => (
              <TableRow key={sl.id}>
                <TableCell>{sl.name}</TableCell>
                <TableCell>
                  <EntityRefLink entityRef={sl.entityRef} />
                </TableCell>
                <TableCell>{sl.tier ?? '—'}</TableCell>
                <TableCell>
                  <StateChip value={sl.state} />
                </TableCell>
                <TableCell>{formatPercent(sl.availabilityTarget)}</TableCell>
                <TableCell>
                  {formatMinutes(sl.targets.P1.responseMinutes)} /{' '}
                  {formatMinutes(sl.targets.P1.resolutionMinutes)}
                </TableCell>
                <TableCell>
                  {sl.agreedAt ? formatDate(sl.agreedAt) : '—'}
                </TableCell>
                <TableCell>
                  <RecordTransitionButton
                    collection="service-levels"
                    record={sl}
                    onChanged={serviceLevels.reload}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </DataTable>
      )}
      <LoadMore
        hasMore={serviceLevels.hasMore}
        loading={serviceLevels.loading}
        onLoadMore={serviceLevels.loadMore}
      />
    </InfoCard>
  );
};
