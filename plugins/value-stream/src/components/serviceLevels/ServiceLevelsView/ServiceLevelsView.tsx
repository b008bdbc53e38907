import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import { TableBody, TableCell, TableHead, TableRow } from '@material-ui/core';
import { DataTable } from '../../primitives/DataTable';
import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { SERVICE_LEVEL_STATES } from '@valuestream/plugin-value-stream-common';
import { usePagedRecords } from '../../../hooks/usePagedRecords';
import { formatDate, formatMinutes, formatPercent } from '../../../lib/format';
import { StateChip } from '../../primitives/StateChip';
import { RecordTransitionCell } from '../../primitives/RecordTransitionButton';
import { PagedList } from '../../primitives/PagedList';
import { StateFilter } from '../../primitives/StateFilter';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

/**
 * Service level management: every service level with its state, so that
 * proposed ones can be agreed and old ones retired.
 */
export const ServiceLevelsView = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { stateLabel } = useLabels();
  const [state, setState] = useState('');
  const serviceLevels = usePagedRecords('service-levels', {
    state: state ? [state] : undefined,
    limit: 100,
  });
  return (
    <InfoCard title={t('serviceLevels.title')}>
      <StateFilter
        id="vs-service-levels-state"
        value={state}
        onChange={setState}
        collection="service-levels"
        states={SERVICE_LEVEL_STATES}
        style={{ minWidth: 200, marginBottom: 16 }}
      />
      <PagedList list={serviceLevels} emptyTitle={t('serviceLevels.empty')}>
        {items => (
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
              {items.map(sl => (
                <TableRow key={sl.id}>
                  <TableCell>{sl.name}</TableCell>
                  <TableCell>
                    <EntityRefLink entityRef={sl.entityRef} />
                  </TableCell>
                  <TableCell>{sl.tier ?? '—'}</TableCell>
                  <TableCell>
                    <StateChip
                      value={sl.state}
                      label={stateLabel('service-levels', sl.state)}
                    />
                  </TableCell>
                  <TableCell>{formatPercent(sl.availabilityTarget)}</TableCell>
                  <TableCell>
                    {formatMinutes(sl.targets.P1.responseMinutes)} /{' '}
                    {formatMinutes(sl.targets.P1.resolutionMinutes)}
                  </TableCell>
                  <TableCell>
                    {sl.agreedAt ? formatDate(sl.agreedAt) : '—'}
                  </TableCell>
                  <RecordTransitionCell
                    collection="service-levels"
                    record={sl}
                    onChanged={serviceLevels.reload}
                  />
                </TableRow>
              ))}
            </TableBody>
          </DataTable>
        )}
      </PagedList>
    </InfoCard>
  );
};
