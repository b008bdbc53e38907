import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Box,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { DataTable } from '../../primitives/DataTable';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  ChangeRecord,
  RecordHeadline,
} from '@valuestream/plugin-value-stream-common';
import { StateChip } from '../../primitives/StateChip';
import { RecordTransitionButton } from '../../primitives/RecordTransitionButton';
import { ApproveChangeButton } from '../ApproveChangeButton';
import {
  valueStreamTranslationRef,
  type ValueStreamT,
} from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

/** Props of {@link ChangesTable}. */
export interface ChangesTableProps {
  changes: RecordHeadline<ChangeRecord>[];
  /** Called after an action changed a change; without it no actions show. */
  onChanged?: () => void;
  /** Show the configuration item of each change (on portal pages). */
  showEntity?: boolean;
  /** Leave out the planned window and approvals (for cards). */
  compact?: boolean;
}

function approvalsText(
  t: ValueStreamT,
  change: RecordHeadline<ChangeRecord>,
): string {
  if (!change.approvals.length) {
    return change.state === 'authorize'
      ? t('changeApprovals.awaiting')
      : t('changeApprovals.none');
  }
  return change.approvals
    .map(a => {
      const approver = a.approver.replace(/^user:(default\/)?/, '');
      return t(`changeApprovals.${a.decision}`, { approver });
    })
    .join(', ');
}

/** Changes with their type, risk, planned window, state and approvals. */
export const ChangesTable = ({
  changes,
  onChanged,
  showEntity,
  compact,
}: ChangesTableProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { enumLabel, stateLabel, windowLabel } = useLabels();
  return (
    <DataTable size="small" aria-label={t('tables.changes')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('tables.change')}</TableCell>
          {showEntity && <TableCell>{t('tables.service')}</TableCell>}
          <TableCell>{t('tables.type')}</TableCell>
          <TableCell>{t('tables.risk')}</TableCell>
          {!compact && <TableCell>{t('tables.plannedWindow')}</TableCell>}
          <TableCell>{t('tables.state')}</TableCell>
          {!compact && <TableCell>{t('tables.approvals')}</TableCell>}
          {onChanged && <TableCell>{t('tables.actions')}</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {changes.map(change => (
          <TableRow key={change.id}>
            <TableCell>
              <Typography variant="body2">{change.title}</Typography>
            </TableCell>
            {showEntity && (
              <TableCell>
                <EntityRefLink entityRef={change.entityRef} />
              </TableCell>
            )}
            <TableCell>
              <StateChip
                value={change.type === 'emergency' ? 'emergency' : 'standard'}
                label={enumLabel('changeType', change.type)}
              />
            </TableCell>
            <TableCell>
              {change.riskLevel ? (
                <StateChip
                  value={change.riskLevel}
                  label={`${enumLabel('riskLevel', change.riskLevel)}${
                    change.riskScore !== undefined
                      ? ` (${change.riskScore})`
                      : ''
                  }`}
                />
              ) : (
                '—'
              )}
            </TableCell>
            {!compact && (
              <TableCell>
                {windowLabel(change.plannedStart, change.plannedEnd)}
              </TableCell>
            )}
            <TableCell>
              <StateChip
                value={change.state}
                label={stateLabel('changes', change.state)}
              />
            </TableCell>
            {!compact && <TableCell>{approvalsText(t, change)}</TableCell>}
            {onChanged && (
              <TableCell>
                <Box display="flex" style={{ gap: 4 }}>
                  <ApproveChangeButton change={change} onChanged={onChanged} />
                  <RecordTransitionButton
                    collection="changes"
                    record={change}
                    onChanged={onChanged}
                  />
                </Box>
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </DataTable>
  );
};
