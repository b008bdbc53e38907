import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useCallback, useState } from 'react';
import { Grid } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import type { StandardChangeModel } from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef } from '../../../api';
import { RequestFormDialog } from '../../primitives/FormDialog';
import { FormTextField } from '../../primitives/FormFields';
import { valueStreamTranslationRef } from '../../../translation';

/** Props of {@link ModelTransitionDialog}. */
export interface ModelTransitionDialogProps {
  model: StandardChangeModel;
  to: 'approved' | 'retired';
  onClose: () => void;
  onDone: (model: StandardChangeModel) => void;
}

/** Approves or retires a standard-change model, with an optional note. */
export const ModelTransitionDialog = ({
  model,
  to,
  onClose,
  onDone,
}: ModelTransitionDialogProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const api = useApi(valueStreamApiRef);
  const [note, setNote] = useState('');
  const action =
    to === 'approved'
      ? t('standardChanges.approve')
      : t('standardChanges.retire');
  const run = useCallback(
    () =>
      api.transitionStandardChangeModel(model.id, {
        to,
        version: model.version,
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    [api, model, to, note],
  );
  return (
    <RequestFormDialog
      form="model-transition"
      title={t('standardChanges.transitionTitle', { action, name: model.name })}
      open
      onClose={onClose}
      request={run}
      onDone={onDone}
      shownFields={['note']}
      submitLabel={action}
    >
      <Grid container spacing={2}>
        <FormTextField
          name="note"
          value={note}
          onChange={setNote}
          label={t('standardChanges.note')}
          multiline
          minRows={2}
        />
      </Grid>
    </RequestFormDialog>
  );
};
