import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useCallback } from 'react';
import { Grid, Typography } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import type { RecordHeadline } from '@valuestream/plugin-value-stream-common';
import {
  valueStreamApiRef,
  type Collection,
  type CollectionRecords,
  type TransitionRequest,
} from '../../../api';
import { useFormValues } from '../../../hooks/useFormValues';
import { useRecordAnalytics } from '../../../hooks/useRecordAnalytics';
import { fromLocalInput, toLocalInput } from '../../../lib/dates';
import { PlannedWindowFields } from '../../changes/PlannedWindowFields';
import { RequestFormDialog } from '../FormDialog';
import { FormSelectField, FormTextField } from '../FormFields';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

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
  const { recordNoun, recordTitle, stateLabel } = useLabels();
  const api = useApi(valueStreamApiRef);
  const current = record as RecordHeadline<CollectionRecords[Collection]>;
  const { values, field } = useFormValues(() => ({
    to: targets[0] ?? '',
    note: '',
    rootCause: ('rootCause' in current && current.rootCause) || '',
    workaround: ('workaround' in current && current.workaround) || '',
    resolutionNote: '',
    plannedStart: toLocalInput(
      'plannedStart' in current ? current.plannedStart : undefined,
    ),
    plannedEnd: toLocalInput(
      'plannedEnd' in current ? current.plannedEnd : undefined,
    ),
  }));
  const { to } = values;
  const need = needs(collection, to);

  const run = useCallback(() => {
    const { note, rootCause, workaround, resolutionNote } = values;
    const body: TransitionRequest = { to, version: record.version };
    if (note.trim()) body.note = note;
    if (need.rootCause && rootCause.trim()) body.rootCause = rootCause;
    if (need.workaround && workaround.trim()) body.workaround = workaround;
    if (need.resolutionNote) body.resolutionNote = resolutionNote;
    if (need.window) {
      // Only what the user changed: the window a change was approved with
      // stays as stored (a moved one needs approval again, the API says).
      const stored = current as { plannedStart?: string; plannedEnd?: string };
      for (const key of ['plannedStart', 'plannedEnd'] as const) {
        if (values[key] !== toLocalInput(stored[key])) {
          body[key] = fromLocalInput(values[key]);
        }
      }
    }
    return api.transitionRecord(collection, record.id, body);
  }, [
    api,
    collection,
    current,
    record.id,
    record.version,
    to,
    values,
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

  return (
    <RequestFormDialog
      form="transition"
      title={t('transition.dialogTitle', {
        noun: recordNoun(collection),
        title: recordTitle(collection, record),
      })}
      open={open}
      onClose={onClose}
      request={run}
      onDone={done}
      submitDisabled={!to}
      shownFields={FIELDS}
      submitLabel={
        to
          ? t('transition.submitTo', {
              state: stateLabel(collection, to).toLowerCase(),
            })
          : t('transition.button')
      }
    >
      <Grid container spacing={2}>
        <Grid item xs={12}>
          <Typography variant="body2" color="textSecondary">
            {t('transition.now', {
              state: stateLabel(collection, state).toLowerCase(),
            })}
          </Typography>
        </Grid>
        <FormSelectField
          {...field('to')}
          options={targets}
          optionLabel={s => stateLabel(collection, s)}
          label={t('transition.newState')}
          required
        />
        {need.rootCause && (
          <FormTextField
            {...field('rootCause')}
            label={t('transition.rootCause')}
            required
            multiline
            minRows={2}
          />
        )}
        {need.workaround && (
          <FormTextField
            {...field('workaround')}
            label={t('transition.workaround')}
            multiline
            minRows={2}
          />
        )}
        {need.resolutionNote && (
          <FormTextField
            {...field('resolutionNote')}
            label={t('transition.resolution')}
            required
            multiline
            minRows={2}
            helperText={t('transition.resolutionHelp')}
          />
        )}
        {need.window && (
          <PlannedWindowFields
            start={field('plannedStart')}
            end={field('plannedEnd')}
          />
        )}
        <FormTextField
          {...field('note')}
          label={t('transition.note')}
          multiline
          minRows={2}
        />
      </Grid>
    </RequestFormDialog>
  );
};
