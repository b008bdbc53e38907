import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import {
  CHANGE_TYPES,
  type ChangeRecord,
  type ChangeType,
} from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef } from '../../../api';
import { useFormValues } from '../../../hooks/useFormValues';
import { useRecordAnalytics } from '../../../hooks/useRecordAnalytics';
import { fromLocalInput } from '../../../lib/dates';
import {
  RecordRequestDialog,
  type CreateDialogProps,
} from '../../primitives/FormDialog';
import {
  FormCheckboxField,
  FormSelectField,
} from '../../primitives/FormFields';
import { PlannedWindowFields } from '../PlannedWindowFields';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

/** Props of {@link RequestChangeDialog}. */
export type RequestChangeDialogProps = CreateDialogProps<ChangeRecord>;

const FIELDS = [
  'title',
  'description',
  'type',
  'standardChangeModelId',
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
  const { enumLabel } = useLabels();
  const api = useApi(valueStreamApiRef);
  const { values, field } = useFormValues({
    title: '',
    description: '',
    type: 'normal' as ChangeType,
    standardChangeModelId: '',
    plannedStart: '',
    plannedEnd: '',
    proposesService: false,
  });

  // The models a standard change of this service can follow now.
  const standard = values.type === 'standard';
  const models = useAsync(
    async () =>
      standard
        ? (await api.listStandardChangeModels({ entityRef, limit: 200 })).items
        : [],
    [api, entityRef, standard],
  );
  const chosen = models.value?.find(m => m.id === values.standardChangeModelId);
  const modelHelp = () => {
    if (models.error) {
      return t('requestChangeModel.loadError', {
        message: models.error.message,
      });
    }
    if (chosen) {
      return t('requestChangeModel.help', {
        ceiling: enumLabel('riskLevel', chosen.riskCeiling),
        description: chosen.description,
      });
    }
    return models.value?.length === 0
      ? t('requestChangeModel.none')
      : t('requestChangeModel.choose');
  };

  const run = useCallback(() => {
    const { standardChangeModelId, ...rest } = values;
    return api.createRecord('changes', {
      entityRef,
      ...rest,
      ...(rest.type === 'standard' && standardChangeModelId
        ? { standardChangeModelId }
        : {}),
      plannedStart: fromLocalInput(values.plannedStart),
      plannedEnd: fromLocalInput(values.plannedEnd),
    });
  }, [api, entityRef, values]);
  const analytics = useRecordAnalytics();
  const done = useCallback(
    (change: ChangeRecord) => {
      analytics.changeRequested(change);
      onCreated(change);
    },
    [analytics, onCreated],
  );

  return (
    <RecordRequestDialog
      form="request-change"
      title={t('requestChange.dialogTitle')}
      open={open}
      onClose={onClose}
      request={run}
      onDone={done}
      shownFields={FIELDS}
      submitLabel={t('requestChange.submit')}
      titleField={field('title')}
      descriptionField={field('description')}
      descriptionLabel={t('requestChange.description')}
      descriptionHelp={t('requestChange.descriptionHelp')}
    >
      <FormSelectField
        {...field('type')}
        options={CHANGE_TYPES}
        optionLabel={v => enumLabel('changeType', v)}
        label={t('requestChange.type')}
        helperText={t(`requestChange.typeHelp.${values.type}`)}
      />
      {standard && (
        <FormSelectField
          {...field('standardChangeModelId')}
          options={(models.value ?? []).map(m => m.id)}
          optionLabel={id => models.value?.find(m => m.id === id)?.name ?? id}
          label={t('requestChangeModel.label')}
          helperText={modelHelp()}
        />
      )}
      <PlannedWindowFields
        start={field('plannedStart')}
        end={field('plannedEnd')}
      />
      <FormCheckboxField
        {...field('proposesService')}
        label={t('requestChange.proposesService')}
      />
    </RecordRequestDialog>
  );
};
