import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { ChangeConflict } from '@valuestream/plugin-value-stream-common';
import { DataTable } from '../../primitives/DataTable';
import { StateChip } from '../../primitives/StateChip';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

/** Props of {@link ChangeConflicts}. */
export interface ChangeConflictsProps {
  conflicts?: ChangeConflict[];
  /** Leave out the explanation (where the surrounding dialog gives it). */
  dense?: boolean;
}

/**
 * The other open changes that collide with a change: where each is, how its
 * service relates to this one, and its window.
 */
export const ChangeConflicts = ({ conflicts, dense }: ChangeConflictsProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { stateLabel, windowLabel } = useLabels();
  const items = conflicts ?? [];
  return (
    <>
      {!dense && (
        <Typography variant="body2" color="textSecondary" gutterBottom>
          {t('conflicts.intro')}
        </Typography>
      )}
      {items.length === 0 ? (
        <Typography variant="body2">{t('conflicts.none')}</Typography>
      ) : (
        <DataTable size="small" aria-label={t('conflicts.label')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('conflicts.change')}</TableCell>
              <TableCell>{t('conflicts.service')}</TableCell>
              <TableCell>{t('conflicts.relation')}</TableCell>
              <TableCell>{t('conflicts.window')}</TableCell>
              <TableCell>{t('conflicts.state')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(conflict => {
              const relation = t(`conflicts.relations.${conflict.relation}`);
              return (
                <TableRow key={conflict.changeId}>
                  <TableCell>{conflict.title}</TableCell>
                  <TableCell>
                    <EntityRefLink entityRef={conflict.entityRef} />
                  </TableCell>
                  <TableCell>
                    {conflict.via
                      ? t('conflicts.via', { relation, entity: conflict.via })
                      : relation}
                  </TableCell>
                  <TableCell>
                    {windowLabel(conflict.plannedStart, conflict.plannedEnd)}
                  </TableCell>
                  <TableCell>
                    <StateChip
                      value={conflict.state}
                      label={stateLabel('changes', conflict.state)}
                    />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </DataTable>
      )}
    </>
  );
};
