import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useCallback } from 'react';
import { Grid, Typography } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import {
  IMPACTS,
  URGENCIES,
  priorityFor,
  type Impact,
  type IncidentRecord,
  type Urgency,
} from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef } from '../../../api';
import { useFormValues } from '../../../hooks/useFormValues';
import { useRecordAnalytics } from '../../../hooks/useRecordAnalytics';
import {
  RecordRequestDialog,
  type CreateDialogProps,
} from '../../primitives/FormDialog';
import {
  FormCheckboxField,
  FormSelectField,
  FormTextField,
} from '../../primitives/FormFields';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

/** Props of {@link RaiseIncidentDialog}. */
export type RaiseIncidentDialogProps = CreateDialogProps<IncidentRecord>;

const FIELDS = [
  'title',
  'description',
  'impact',
  'urgency',
  'contactChannel',
  'knowledgeLinks',
];

function splitLinks(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map(s => s.trim())
    .filter(Boolean);
}

/**
 * The service desk entry: raises an incident against a service. The
 * backend derives the priority from impact and urgency and starts the SLA
 * clocks.
 */
export const RaiseIncidentDialog = ({
  entityRef,
  open,
  onClose,
  onCreated,
}: RaiseIncidentDialogProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { enumLabel } = useLabels();
  const api = useApi(valueStreamApiRef);
  const { values, field } = useFormValues({
    title: '',
    description: '',
    impact: 'medium' as Impact,
    urgency: 'medium' as Urgency,
    contactChannel: '',
    knowledgeLinks: '',
    major: false,
  });

  const run = useCallback(() => {
    const { contactChannel, knowledgeLinks, ...rest } = values;
    return api.createRecord('incidents', {
      entityRef,
      ...rest,
      knowledgeLinks: splitLinks(knowledgeLinks),
      ...(contactChannel.trim() && { contactChannel }),
    });
  }, [api, entityRef, values]);
  const analytics = useRecordAnalytics();
  const done = useCallback(
    (incident: IncidentRecord) => {
      analytics.incidentRaised(incident);
      onCreated(incident);
    },
    [analytics, onCreated],
  );

  return (
    <RecordRequestDialog
      form="raise-incident"
      title={t('raiseIncident.dialogTitle')}
      open={open}
      onClose={onClose}
      request={run}
      onDone={done}
      shownFields={FIELDS}
      submitLabel={t('raiseIncident.submit')}
      titleField={field('title')}
      descriptionField={field('description')}
      descriptionLabel={t('raiseIncident.description')}
    >
      <FormSelectField
        {...field('impact')}
        xs={6}
        options={IMPACTS}
        optionLabel={v => enumLabel('impact', v)}
        label={t('raiseIncident.impact')}
        helperText={t('raiseIncident.impactHelp')}
      />
      <FormSelectField
        {...field('urgency')}
        xs={6}
        options={URGENCIES}
        optionLabel={v => enumLabel('urgency', v)}
        label={t('raiseIncident.urgency')}
        helperText={t('raiseIncident.urgencyHelp')}
      />
      <Grid item xs={12}>
        <Typography variant="body2" color="textSecondary">
          {t('raiseIncident.expectedPriority', {
            priority: enumLabel(
              'priority',
              priorityFor(values.impact, values.urgency),
            ),
          })}
        </Typography>
      </Grid>
      <FormTextField
        {...field('contactChannel')}
        label={t('raiseIncident.contactChannel')}
        placeholder={t('raiseIncident.contactChannelPlaceholder')}
      />
      <FormTextField
        {...field('knowledgeLinks')}
        label={t('raiseIncident.knowledgeLinks')}
        placeholder="https://..."
        helperText={t('raiseIncident.knowledgeLinksHelp')}
      />
      <FormCheckboxField {...field('major')} label={t('raiseIncident.major')} />
    </RecordRequestDialog>
  );
};
