import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useCallback, useState } from 'react';
import { Grid, MenuItem, TextField, Typography } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import type { RecordHeadline } from '@valuestream/plugin-value-stream-common';
import {
  valueStreamApiRef,
  type Collection,
  type CollectionRecords,
  type TransitionRequest,
} from '../../../api';
import { useFieldIds } from '../../../hooks/useFieldIds';
import { useRecordAnalytics } from '../../../hooks/useRecordAnalytics';
import { useSubmit } from '../../../hooks/useSubmit';
import { fromLocalInput, toLocalInput } from '../../../lib/dates';
import { fieldMessage } from '../../../lib/errors';
import { humanize } from '../../../lib/format';
import { recordNoun, recordTitle } from '../../../lib/records';
import { FormDialog } from '../FormDialog';
import { valueStreamTranslationRef } from '../../../translation';

/** Props of {@link TransitionDialog}. */
export interface TransitionDialogProps<C extends Collection> {
  collection: C;
  record: RecordHeadline<CollectionRecords[C]>;
  /** The states the user may move the record to; the first is preselected. */
  targets: string[];
  open: boolean;
  onClose: () => void;
  onDone: (record: CollectionRecords[C]) => void;
}

/** Extra fields some transitions require. */
function needs(collection: Collection, to: string) {
  return {
    rootCause: collection === 'problems' && to === 'known_error',
    workaround:
      collection === 'problems' && (to === 'known_error' || to === 'resolved'),
    resolutionNote: collection === 'incidents' && to === 'resolved',
    window: collection === 'changes' && to === 'scheduled',
  };
}

const FIELDS = [
  'to',
  'note',
  'rootCause',
  'workaround',
  'resolutionNote',
  'plannedStart',
  'plannedEnd',
];

/**
 * Moves a record along its lifecycle. Only the transitions it is given are
 * offered, and it asks for what the chosen transition requires.
 */
export const TransitionDialog = <C extends Collection>({
  collection,
  record,
  targets,
  open,
  onClose,
  onDone,
}: TransitionDialogProps<C>) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const api = useApi(valueStreamApiRef);
  const id = useFieldIds('transition');
  const current = record as RecordHeadline<CollectionRecords[Collection]>;
  const [to, setTo] = useState(targets[0] ?? '');
  const [note, setNote] = useState('');
  const [rootCause, setRootCause] = useState(
    ('rootCause' in current && current.rootCause) || '',
  );
  const [workaround, setWorkaround] = useState(
    ('workaround' in current && current.workaround) || '',
  );
  const [resolutionNote, setResolutionNote] = useState('');
  const [plannedStart, setPlannedStart] = useState(
    toLocalInput('plannedStart' in current ? current.plannedStart : undefined),
  );
  const [plannedEnd, setPlannedEnd] = useState(
    toLocalInput('plannedEnd' in current ? current.plannedEnd : undefined),
  );
  const need = needs(collection, to);

  const run = useCallback(() => {
    const body: TransitionRequest = { to, version: record.version };
    if (note.trim()) body.note = note;
    if (need.rootCause && rootCause.trim()) body.rootCause = rootCause;
    if (need.workaround && workaround.trim()) body.workaround = workaround;
    if (need.resolutionNote) body.resolutionNote = resolutionNote;
    if (need.window) {
      body.plannedStart = fromLocalInput(plannedStart);
      body.plannedEnd = fromLocalInput(plannedEnd);
    }
    return api.transitionRecord(collection, record.id, body);
  }, [
    api,
    collection,
    record.id,
    record.version,
    to,
    note,
    rootCause,
    workaround,
    resolutionNote,
    plannedStart,
    plannedEnd,
    need.rootCause,
    need.workaround,
    need.resolutionNote,
    need.window,
  ]);
  const state = 'state' in current ? String(current.state) : '';
  const analytics = useRecordAnalytics();
  const done = useCallback(
    (moved: CollectionRecords[C]) => {
      analytics.recordTransitioned(collection, record, state, to);
      onDone(moved);
    },
    [analytics, collection, record, state, to, onDone],
  );
  const { submit, submitting, error } = useSubmit(run, done);
  const fieldError = (name: string) => fieldMessage(error, name);

  return (
    <FormDialog
      title={t('transition.dialogTitle', {
        noun: recordNoun(collection),
        title: recordTitle(collection, record),
      })}
      open={open}
      onClose={onClose}
      onSubmit={submit}
      submitting={submitting}
      submitDisabled={!to}
      error={error}
      shownFields={FIELDS}
      submitLabel={
        to
          ? t('transition.submitTo', { state: humanize(to).toLowerCase() })
          : t('transition.button')
      }
    >
      <Grid container spacing={2}>
        <Grid item xs={12}>
          <Typography variant="body2" color="textSecondary">
            {t('transition.now', { state: humanize(state).toLowerCase() })}
          </Typography>
        </Grid>
        <Grid item xs={12}>
          <TextField
            id={id('to')}
            select
            label={t('transition.newState')}
            value={to}
            onChange={e => setTo(e.target.value)}
            fullWidth
            required
            error={Boolean(fieldError('to'))}
            helperText={fieldError('to')}
          >
            {targets.map(target => (
              <MenuItem key={target} value={target}>
                {humanize(target)}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        {need.rootCause && (
          <Grid item xs={12}>
            <TextField
              id={id('rootCause')}
              label={t('transition.rootCause')}
              value={rootCause}
              onChange={e => setRootCause(e.target.value)}
              fullWidth
              required
              multiline
              minRows={2}
              error={Boolean(fieldError('rootCause'))}
              helperText={fieldError('rootCause')}
            />
          </Grid>
        )}
        {need.workaround && (
          <Grid item xs={12}>
            <TextField
              id={id('workaround')}
              label={t('transition.workaround')}
              value={workaround}
              onChange={e => setWorkaround(e.target.value)}
              fullWidth
              multiline
              minRows={2}
              error={Boolean(fieldError('workaround'))}
              helperText={fieldError('workaround')}
            />
          </Grid>
        )}
        {need.resolutionNote && (
          <Grid item xs={12}>
            <TextField
              id={id('resolutionNote')}
              label={t('transition.resolution')}
              value={resolutionNote}
              onChange={e => setResolutionNote(e.target.value)}
              fullWidth
              required
              multiline
              minRows={2}
              error={Boolean(fieldError('resolutionNote'))}
              helperText={
                fieldError('resolutionNote') ?? t('transition.resolutionHelp')
              }
            />
          </Grid>
        )}
        {need.window && (
          <>
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
          </>
        )}
        <Grid item xs={12}>
          <TextField
            id={id('note')}
            label={t('transition.note')}
            value={note}
            onChange={e => setNote(e.target.value)}
            fullWidth
            multiline
            minRows={2}
            error={Boolean(fieldError('note'))}
            helperText={fieldError('note')}
          />
        </Grid>
      </Grid>
    </FormDialog>
  );
};
