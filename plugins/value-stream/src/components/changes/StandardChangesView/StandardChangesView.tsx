import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useCallback, useState } from 'react';
import {
  Box,
  Button,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  MenuItem,
  Typography,
} from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  STANDARD_CHANGE_MODEL_STATES,
  standardChangeModelApprovePermission,
  standardChangeModelProposePermission,
  type StandardChangeModel,
  type StandardChangeModelState,
} from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef } from '../../../api';
import { usePaged } from '../../../hooks/usePaged';
import { useLabels } from '../../../hooks/useLabels';
import { useNow } from '../../../hooks/useNow';
import { formatDate } from '../../../lib/format';
import { DataTable } from '../../primitives/DataTable';
import { PagedList } from '../../primitives/PagedList';
import { StateChip } from '../../primitives/StateChip';
import {
  valueStreamTranslationRef,
  type ValueStreamT,
} from '../../../translation';
import { ModelHistoryDialog } from './ModelHistoryDialog';
import { ModelTransitionDialog } from './ModelTransitionDialog';
import { ProposeModelDialog } from './ProposeModelDialog';

type Open =
  | { kind: 'propose' }
  | { kind: 'history'; model: StandardChangeModel }
  | { kind: 'approved' | 'retired'; model: StandardChangeModel };

function scopeLines(t: ValueStreamT, model: StandardChangeModel): string[] {
  const { kinds, systems, owners } = model.scope;
  return [
    kinds.length ? t('standardChanges.kinds', { list: kinds.join(', ') }) : '',
    systems.length
      ? t('standardChanges.systems', { list: systems.join(', ') })
      : '',
    owners.length
      ? t('standardChanges.owners', { list: owners.join(', ') })
      : '',
  ].filter(Boolean);
}

/**
 * The standard-change catalog: every model with its scope, risk ceiling,
 * expiry and review date; anyone with the propose permission proposes one,
 * the change authority approves and retires them, and each model's history
 * is a click away.
 */
export const StandardChangesView = () => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { enumLabel } = useLabels();
  const api = useApi(valueStreamApiRef);
  const now = useNow(60_000);
  const [state, setState] = useState<StandardChangeModelState | ''>('');
  const [open, setOpen] = useState<Open | undefined>();
  const canPropose = usePermission({
    permission: standardChangeModelProposePermission,
  }).allowed;
  const canApprove = usePermission({
    permission: standardChangeModelApprovePermission,
  }).allowed;
  const fetchPage = useCallback(
    (cursor: string | undefined) =>
      api.listStandardChangeModels({
        ...(state ? { state: [state] } : {}),
        cursor,
        limit: 100,
      }),
    [api, state],
  );
  const models = usePaged(fetchPage);
  const done = () => {
    setOpen(undefined);
    models.reload();
  };
  const stateLabel = (s: StandardChangeModelState) =>
    t(`standardChanges.states.${s}`);

  return (
    <InfoCard
      title={t('standardChanges.title')}
      subheader={t('standardChanges.subheader')}
    >
      <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
        <TextField
          id="vs-standard-changes-state"
          select
          label={t('filters.state')}
          value={state}
          onChange={e => setState(e.target.value as StandardChangeModelState)}
          style={{ minWidth: 200 }}
        >
          <MenuItem value="">{t('filters.all')}</MenuItem>
          {STANDARD_CHANGE_MODEL_STATES.map(s => (
            <MenuItem key={s} value={s}>
              {stateLabel(s)}
            </MenuItem>
          ))}
        </TextField>
        {canPropose && (
          <Button
            variant="contained"
            color="primary"
            onClick={() => setOpen({ kind: 'propose' })}
          >
            {t('standardChanges.propose')}
          </Button>
        )}
      </Box>
      <PagedList
        list={models}
        emptyTitle={t('standardChanges.empty')}
        emptyDescription={t('standardChanges.emptyDescription')}
      >
        {items => (
          <DataTable size="small" aria-label={t('standardChanges.models')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('standardChanges.name')}</TableCell>
                <TableCell>{t('standardChanges.scope')}</TableCell>
                <TableCell>{t('standardChanges.riskCeiling')}</TableCell>
                <TableCell>{t('tables.state')}</TableCell>
                <TableCell>{t('standardChanges.expires')}</TableCell>
                <TableCell>{t('standardChanges.review')}</TableCell>
                <TableCell>{t('tables.actions')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map(model => {
                const overdue =
                  model.state !== 'retired' &&
                  Date.parse(model.reviewAt) <= now;
                return (
                  <TableRow key={model.id}>
                    <TableCell>
                      <Typography variant="body2">{model.name}</Typography>
                      <Typography variant="caption" color="textSecondary">
                        {t('standardChanges.proposedBy')}{' '}
                        {model.proposedBy.replace(/^user:(default\/)?/, '')}
                      </Typography>
                    </TableCell>
                    <TableCell>
                      {scopeLines(t, model).map(line => (
                        <Typography key={line} variant="body2">
                          {line}
                        </Typography>
                      ))}
                    </TableCell>
                    <TableCell>
                      <StateChip
                        value={model.riskCeiling}
                        label={enumLabel('riskLevel', model.riskCeiling)}
                      />
                    </TableCell>
                    <TableCell>
                      <StateChip
                        value={model.state}
                        label={stateLabel(model.state)}
                      />
                    </TableCell>
                    <TableCell>{formatDate(model.expiresAt)}</TableCell>
                    <TableCell>
                      {overdue
                        ? t('standardChanges.reviewOverdue', {
                            date: formatDate(model.reviewAt),
                          })
                        : formatDate(model.reviewAt)}
                    </TableCell>
                    <TableCell>
                      <Box display="flex" style={{ gap: 4 }}>
                        {canApprove && model.state === 'proposed' && (
                          <Button
                            size="small"
                            color="primary"
                            variant="outlined"
                            aria-label={t('standardChanges.approveLabel', {
                              name: model.name,
                            })}
                            onClick={() => setOpen({ kind: 'approved', model })}
                          >
                            {t('standardChanges.approve')}
                          </Button>
                        )}
                        {canApprove && model.state !== 'retired' && (
                          <Button
                            size="small"
                            variant="outlined"
                            aria-label={t('standardChanges.retireLabel', {
                              name: model.name,
                            })}
                            onClick={() => setOpen({ kind: 'retired', model })}
                          >
                            {t('standardChanges.retire')}
                          </Button>
                        )}
                        <Button
                          size="small"
                          aria-label={t('standardChanges.historyLabel', {
                            name: model.name,
                          })}
                          onClick={() => setOpen({ kind: 'history', model })}
                        >
                          {t('standardChanges.history')}
                        </Button>
                      </Box>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </DataTable>
        )}
      </PagedList>
      {open?.kind === 'propose' && (
        <ProposeModelDialog
          onClose={() => setOpen(undefined)}
          onProposed={done}
        />
      )}
      {open?.kind === 'history' && (
        <ModelHistoryDialog
          model={open.model}
          onClose={() => setOpen(undefined)}
        />
      )}
      {(open?.kind === 'approved' || open?.kind === 'retired') && (
        <ModelTransitionDialog
          model={open.model}
          to={open.kind}
          onClose={() => setOpen(undefined)}
          onDone={done}
        />
      )}
    </InfoCard>
  );
};
