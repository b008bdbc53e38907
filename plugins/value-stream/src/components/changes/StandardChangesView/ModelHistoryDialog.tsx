import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type { StandardChangeModel } from '@valuestream/plugin-value-stream-common';
import { formatDateTime, formatFieldValue } from '../../../lib/format';
import { DataTable } from '../../primitives/DataTable';
import { valueStreamTranslationRef } from '../../../translation';

/** Props of {@link ModelHistoryDialog}. */
export interface ModelHistoryDialogProps {
  model: StandardChangeModel;
  onClose: () => void;
}

/** A model's procedure and every step of its history, with field edits. */
export const ModelHistoryDialog = ({
  model,
  onClose,
}: ModelHistoryDialogProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const state = (s: string) =>
    t(`standardChanges.states.${s as StandardChangeModel['state']}`);
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>{model.name}</DialogTitle>
      <DialogContent dividers>
        <Typography variant="subtitle2">
          {t('standardChanges.description')}
        </Typography>
        <Typography variant="body2" paragraph>
          {model.description}
        </Typography>
        <DataTable
          size="small"
          aria-label={t('standardChanges.historyLabel', { name: model.name })}
        >
          <TableHead>
            <TableRow>
              <TableCell>{t('recordDialog.when')}</TableCell>
              <TableCell>{t('recordDialog.by')}</TableCell>
              <TableCell>{t('recordDialog.from')}</TableCell>
              <TableCell>{t('recordDialog.to')}</TableCell>
              <TableCell>{t('recordDialog.note')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {model.history.map((h, i) => (
              <TableRow key={`${h.at}-${i}`}>
                <TableCell>{formatDateTime(h.at)}</TableCell>
                <TableCell>{h.by}</TableCell>
                <TableCell>{h.from ? state(h.from) : '—'}</TableCell>
                <TableCell>{state(h.to)}</TableCell>
                <TableCell>
                  {h.note ?? ''}
                  {h.changes?.length ? (
                    <ul style={{ margin: 0, paddingLeft: 20 }}>
                      {h.changes.map(c => (
                        <li key={c.field}>
                          {t('recordDialog.fieldChange', {
                            field: c.field,
                            before: formatFieldValue(c.before),
                            after: formatFieldValue(c.after),
                          })}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </DataTable>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('recordDialog.close')}</Button>
      </DialogActions>
    </Dialog>
  );
};
