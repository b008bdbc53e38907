import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useCallback, useState } from 'react';
import {
  Checkbox,
  FormControlLabel,
  Grid,
  TextField,
  Typography,
} from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import {
  DEFAULT_SLA_TARGETS,
  PRIORITIES,
  type Priority,
  type PriorityTarget,
  type ServiceLevelRecord,
} from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef } from '../../../api';
import { useFieldIds } from '../../../hooks/useFieldIds';
import { useSubmit } from '../../../hooks/useSubmit';
import { fieldMessage } from '../../../lib/errors';
import { FormDialog } from '../../primitives/FormDialog';
import { valueStreamTranslationRef } from '../../../translation';

/** Props of {@link ServiceLevelDialog}. */
export interface ServiceLevelDialogProps {
  entityRef: string;
  open: boolean;
  onClose: () => void;
  onCreated: (serviceLevel: ServiceLevelRecord) => void;
}

const FIELDS = ['name', 'tier', 'availabilityTarget', 'targets'];

type TargetText = Record<
  Priority,
  { responseMinutes: string; resolutionMinutes: string }
>;

function toText(targets: Record<Priority, PriorityTarget>): TargetText {
  return Object.fromEntries(
    PRIORITIES.map(p => [
      p,
      {
        responseMinutes: String(targets[p].responseMinutes),
        resolutionMinutes: String(targets[p].resolutionMinutes),
      },
    ]),
  ) as TargetText;
}

function toNumber(text: string): number {
  return text.trim() === '' ? NaN : Number(text);
}

/**
 * Drafts a service level for a service and, unless told otherwise, proposes
 * it for agreement.
 */
export const ServiceLevelDialog = ({
  entityRef,
  open,
  onClose,
  onCreated,
}: ServiceLevelDialogProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const api = useApi(valueStreamApiRef);
  const id = useFieldIds('service-level');
  const [name, setName] = useState('');
  const [tier, setTier] = useState('');
  const [availability, setAvailability] = useState('99.5');
  const [targets, setTargets] = useState<TargetText>(
    toText(DEFAULT_SLA_TARGETS),
  );
  const [propose, setPropose] = useState(true);

  const run = useCallback(async () => {
    const created = await api.createRecord('service-levels', {
      entityRef,
      name,
      ...(tier.trim() && { tier: tier.trim() }),
      availabilityTarget: toNumber(availability),
      targets: Object.fromEntries(
        PRIORITIES.map(p => [
          p,
          {
            responseMinutes: toNumber(targets[p].responseMinutes),
            resolutionMinutes: toNumber(targets[p].resolutionMinutes),
          },
        ]),
      ) as Record<Priority, PriorityTarget>,
    });
    if (!propose) {
      return created;
    }
    return api.transitionRecord('service-levels', created.id, {
      to: 'proposed',
      version: created.version,
    });
  }, [api, entityRef, name, tier, availability, targets, propose]);
  const { submit, submitting, error } = useSubmit(run, onCreated);
  const fieldError = (path: string) => fieldMessage(error, path);

  const setTarget = (p: Priority, key: keyof PriorityTarget, value: string) =>
    setTargets(prev => ({ ...prev, [p]: { ...prev[p], [key]: value } }));

  return (
    <FormDialog
      title={t('serviceLevelForm.dialogTitle')}
      open={open}
      onClose={onClose}
      onSubmit={submit}
      submitting={submitting}
      error={error}
      shownFields={FIELDS}
      submitLabel={
        propose
          ? t('serviceLevelForm.propose')
          : t('serviceLevelForm.saveDraft')
      }
    >
      <Grid container spacing={2}>
        <Grid item xs={12} sm={8}>
          <TextField
            id={id('name')}
            label={t('serviceLevelForm.name')}
            value={name}
            onChange={e => setName(e.target.value)}
            required
            fullWidth
            error={Boolean(fieldError('name'))}
            helperText={fieldError('name')}
          />
        </Grid>
        <Grid item xs={12} sm={4}>
          <TextField
            id={id('tier')}
            label={t('serviceLevelForm.tier')}
            value={tier}
            onChange={e => setTier(e.target.value)}
            fullWidth
            placeholder="gold"
            error={Boolean(fieldError('tier'))}
            helperText={fieldError('tier')}
          />
        </Grid>
        <Grid item xs={12}>
          <TextField
            id={id('availabilityTarget')}
            label={t('serviceLevelForm.availabilityTarget')}
            type="number"
            value={availability}
            onChange={e => setAvailability(e.target.value)}
            required
            fullWidth
            inputProps={{ step: 0.01, min: 0, max: 100 }}
            error={Boolean(fieldError('availabilityTarget'))}
            helperText={fieldError('availabilityTarget')}
          />
        </Grid>
        <Grid item xs={12}>
          <Typography variant="subtitle2">
            {t('serviceLevelForm.targets')}
          </Typography>
        </Grid>
        {PRIORITIES.map(p => (
          <Grid container item spacing={2} key={p}>
            <Grid item xs={6}>
              <TextField
                id={id(`targets.${p}.responseMinutes`)}
                label={t('serviceLevelForm.response', { priority: p })}
                type="number"
                value={targets[p].responseMinutes}
                onChange={e => setTarget(p, 'responseMinutes', e.target.value)}
                fullWidth
                inputProps={{ min: 1 }}
                error={Boolean(fieldError(`targets.${p}.responseMinutes`))}
                helperText={fieldError(`targets.${p}.responseMinutes`)}
              />
            </Grid>
            <Grid item xs={6}>
              <TextField
                id={id(`targets.${p}.resolutionMinutes`)}
                label={t('serviceLevelForm.resolution', { priority: p })}
                type="number"
                value={targets[p].resolutionMinutes}
                onChange={e =>
                  setTarget(p, 'resolutionMinutes', e.target.value)
                }
                fullWidth
                inputProps={{ min: 1 }}
                error={Boolean(fieldError(`targets.${p}.resolutionMinutes`))}
                helperText={fieldError(`targets.${p}.resolutionMinutes`)}
              />
            </Grid>
          </Grid>
        ))}
        <Grid item xs={12}>
          <FormControlLabel
            control={
              <Checkbox
                checked={propose}
                onChange={e => setPropose(e.target.checked)}
              />
            }
            label={t('serviceLevelForm.proposeNow')}
          />
        </Grid>
      </Grid>
    </FormDialog>
  );
};
