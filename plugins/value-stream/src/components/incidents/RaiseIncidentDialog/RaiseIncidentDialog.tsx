import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useCallback, useState } from 'react';
import {
  Checkbox,
  FormControlLabel,
  Grid,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
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
import { useFieldIds } from '../../../hooks/useFieldIds';
import { useRecordAnalytics } from '../../../hooks/useRecordAnalytics';
import { useSubmit } from '../../../hooks/useSubmit';
import { fieldMessage } from '../../../lib/errors';
import { humanize } from '../../../lib/format';
import { FormDialog } from '../../primitives/FormDialog';
import { valueStreamTranslationRef } from '../../../translation';

/** Props of {@link RaiseIncidentDialog}. */
export interface RaiseIncidentDialogProps {
  entityRef: string;
  open: boolean;
  onClose: () => void;
  onCreated: (incident: IncidentRecord) => void;
}

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
  const api = useApi(valueStreamApiRef);
  const id = useFieldIds('raise-incident');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [impact, setImpact] = useState<Impact>('medium');
  const [urgency, setUrgency] = useState<Urgency>('medium');
  const [contactChannel, setContactChannel] = useState('');
  const [links, setLinks] = useState('');
  const [major, setMajor] = useState(false);

  const run = useCallback(
    () =>
      api.createRecord('incidents', {
        entityRef,
        title,
        description,
        impact,
        urgency,
        major,
        knowledgeLinks: splitLinks(links),
        ...(contactChannel.trim() && { contactChannel }),
      }),
    [
      api,
      entityRef,
      title,
      description,
      impact,
      urgency,
      major,
      links,
      contactChannel,
    ],
  );
  const analytics = useRecordAnalytics();
  const done = useCallback(
    (incident: IncidentRecord) => {
      analytics.incidentRaised(incident);
      onCreated(incident);
    },
    [analytics, onCreated],
  );
  const { submit, submitting, error } = useSubmit(run, done);
  const fieldError = (name: string) => fieldMessage(error, name);

  return (
    <FormDialog
      title={t('raiseIncident.dialogTitle')}
      open={open}
      onClose={onClose}
      onSubmit={submit}
      submitting={submitting}
      error={error}
      shownFields={FIELDS}
      submitLabel={t('raiseIncident.submit')}
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
            label={t('raiseIncident.description')}
            value={description}
            onChange={e => setDescription(e.target.value)}
            required
            fullWidth
            multiline
            minRows={3}
            error={Boolean(fieldError('description'))}
            helperText={fieldError('description')}
          />
        </Grid>
        <Grid item xs={6}>
          <TextField
            id={id('impact')}
            select
            label={t('raiseIncident.impact')}
            value={impact}
            onChange={e => setImpact(e.target.value as Impact)}
            fullWidth
            error={Boolean(fieldError('impact'))}
            helperText={fieldError('impact') ?? t('raiseIncident.impactHelp')}
          >
            {IMPACTS.map(i => (
              <MenuItem key={i} value={i}>
                {humanize(i)}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={6}>
          <TextField
            id={id('urgency')}
            select
            label={t('raiseIncident.urgency')}
            value={urgency}
            onChange={e => setUrgency(e.target.value as Urgency)}
            fullWidth
            error={Boolean(fieldError('urgency'))}
            helperText={fieldError('urgency') ?? t('raiseIncident.urgencyHelp')}
          >
            {URGENCIES.map(u => (
              <MenuItem key={u} value={u}>
                {humanize(u)}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12}>
          <Typography variant="body2" color="textSecondary">
            {t('raiseIncident.expectedPriority', {
              priority: priorityFor(impact, urgency),
            })}
          </Typography>
        </Grid>
        <Grid item xs={12}>
          <TextField
            id={id('contactChannel')}
            label={t('raiseIncident.contactChannel')}
            value={contactChannel}
            onChange={e => setContactChannel(e.target.value)}
            fullWidth
            placeholder={t('raiseIncident.contactChannelPlaceholder')}
            error={Boolean(fieldError('contactChannel'))}
            helperText={fieldError('contactChannel')}
          />
        </Grid>
        <Grid item xs={12}>
          <TextField
            id={id('knowledgeLinks')}
            label={t('raiseIncident.knowledgeLinks')}
            value={links}
            onChange={e => setLinks(e.target.value)}
            fullWidth
            placeholder="https://..."
            error={Boolean(fieldError('knowledgeLinks'))}
            helperText={
              fieldError('knowledgeLinks') ??
              t('raiseIncident.knowledgeLinksHelp')
            }
          />
        </Grid>
        <Grid item xs={12}>
          <FormControlLabel
            control={
              <Checkbox
                checked={major}
                onChange={e => setMajor(e.target.checked)}
              />
            }
            label={t('raiseIncident.major')}
          />
        </Grid>
      </Grid>
    </FormDialog>
  );
};
