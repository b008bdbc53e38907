import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useCallback, useState } from 'react';
import {
  Checkbox,
  FormControlLabel,
  Grid,
  MenuItem,
  TextField,
} from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import {
  CHANGE_TYPES,
  type ChangeRecord,
  type ChangeType,
} from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef } from '../../../api';
import { useFieldIds } from '../../../hooks/useFieldIds';
import { useRecordAnalytics } from '../../../hooks/useRecordAnalytics';
import { useSubmit } from '../../../hooks/useSubmit';
import { fromLocalInput } from '../../../lib/dates';
import { fieldMessage } from '../../../lib/errors';
import { humanize } from '../../../lib/format';
import { FormDialog } from '../../primitives/FormDialog';
import { valueStreamTranslationRef } from '../../../translation';

/** Props of {@link RequestChangeDialog}. */
export interface RequestChangeDialogProps {
  entityRef: string;
  open: boolean;
  onClose: () => void;
  onCreated: (change: ChangeRecord) => void;
}

const FIELDS = [
  'title',
  'description',
  'type',
  'plannedStart',
  'plannedEnd',
  'proposesService',
];

/** A request for change (RFC) against a service. */
export const RequestChangeDialog = ({
  entityRef,
  open,
  onClose,
  onCreated,
}: RequestChangeDialogProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const api = useApi(valueStreamApiRef);
  const id = useFieldIds('request-change');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [type, setType] = useState<ChangeType>('normal');
  const [plannedStart, setPlannedStart] = useState('');
  const [plannedEnd, setPlannedEnd] = useState('');
  const [proposesService, setProposesService] = useState(false);

  const run = useCallback(
    () =>
      api.createRecord('changes', {
        entityRef,
        title,
        description,
        type,
        proposesService,
        plannedStart: fromLocalInput(plannedStart),
        plannedEnd: fromLocalInput(plannedEnd),
      }),
    [
      api,
      entityRef,
      title,
      description,
      type,
      proposesService,
      plannedStart,
      plannedEnd,
    ],
  );
  const analytics = useRecordAnalytics();
  const done = useCallback(
    (change: ChangeRecord) => {
      analytics.changeRequested(change);
      onCreated(change);
    },
    [analytics, onCreated],
  );
  const { submit, submitting, error } = useSubmit(run, done);
  const fieldError = (name: string) => fieldMessage(error, name);

  return (
    <FormDialog
      title={t('requestChange.dialogTitle')}
      open={open}
      onClose={onClose}
      onSubmit={submit}
      submitting={submitting}
      error={error}
      shownFields={FIELDS}
      submitLabel={t('requestChange.submit')}
    >
      <Grid container spacing={2}>
        <Grid item xs={12}>
          <TextField
            id={id('title')}
            label={t('forms.title')}
            value={title}
            onChange={e => setTitle(e.target.value)}
            required
            fullWidth
            error={Boolean(fieldError('title'))}
            helperText={fieldError('title')}
          />
        </Grid>
        <Grid item xs={12}>
          <TextField
            id={id('description')}
            label={t('requestChange.description')}
            value={description}
            onChange={e => setDescription(e.target.value)}
            required
            fullWidth
            multiline
            minRows={3}
            error={Boolean(fieldError('description'))}
            helperText={
              fieldError('description') ?? t('requestChange.descriptionHelp')
            }
          />
        </Grid>
        <Grid item xs={12}>
          <TextField
            id={id('type')}
            select
            label={t('requestChange.type')}
            value={type}
            onChange={e => setType(e.target.value as ChangeType)}
            fullWidth
            error={Boolean(fieldError('type'))}
            helperText={
              fieldError('type') ?? t(`requestChange.typeHelp.${type}`)
            }
          >
            {CHANGE_TYPES.map(changeType => (
              <MenuItem key={changeType} value={changeType}>
                {humanize(changeType)}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={6}>
          <TextField
            id={id('plannedStart')}
            label={t('requestChange.plannedStart')}
            type="datetime-local"
            value={plannedStart}
            onChange={e => setPlannedStart(e.target.value)}
            fullWidth
            InputLabelProps={{ shrink: true }}
            error={Boolean(fieldError('plannedStart'))}
            helperText={fieldError('plannedStart')}
          />
        </Grid>
        <Grid item xs={6}>
          <TextField
            id={id('plannedEnd')}
            label={t('requestChange.plannedEnd')}
            type="datetime-local"
            value={plannedEnd}
            onChange={e => setPlannedEnd(e.target.value)}
            fullWidth
            InputLabelProps={{ shrink: true }}
            error={Boolean(fieldError('plannedEnd'))}
            helperText={fieldError('plannedEnd')}
          />
        </Grid>
        <Grid item xs={12}>
          <FormControlLabel
            control={
              <Checkbox
                checked={proposesService}
                onChange={e => setProposesService(e.target.checked)}
              />
            }
            label={t('requestChange.proposesService')}
          />
        </Grid>
      </Grid>
    </FormDialog>
  );
};
