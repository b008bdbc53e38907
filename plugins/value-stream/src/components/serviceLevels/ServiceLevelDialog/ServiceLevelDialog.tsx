import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useCallback } from 'react';
import { Grid, Typography } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import {
  DEFAULT_SLA_TARGETS,
  PRIORITIES,
  type Priority,
  type PriorityTarget,
  type ServiceLevelRecord,
} from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef } from '../../../api';
import { useFormValues } from '../../../hooks/useFormValues';
import { useRecordAnalytics } from '../../../hooks/useRecordAnalytics';
import {
  RequestFormDialog,
  type CreateDialogProps,
} from '../../primitives/FormDialog';
import { FormCheckboxField, FormTextField } from '../../primitives/FormFields';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

/** Props of {@link ServiceLevelDialog}. */
export type ServiceLevelDialogProps = CreateDialogProps<ServiceLevelRecord>;

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
  const { enumLabel } = useLabels();
  const api = useApi(valueStreamApiRef);
  const analytics = useRecordAnalytics();
  const { values, field } = useFormValues({
    name: '',
    tier: '',
    availabilityTarget: '99.5',
    targets: toText(DEFAULT_SLA_TARGETS),
    propose: true,
  });

  const run = useCallback(async () => {
    const { name, tier, availabilityTarget, targets, propose } = values;
    const created = await api.createRecord('service-levels', {
      entityRef,
      name,
      ...(tier.trim() && { tier: tier.trim() }),
      availabilityTarget: toNumber(availabilityTarget),
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
    const proposed = await api.transitionRecord('service-levels', created.id, {
      to: 'proposed',
      version: created.version,
    });
    analytics.recordTransitioned(
      'service-levels',
      proposed,
      created.state,
      proposed.state,
    );
    return proposed;
  }, [analytics, api, entityRef, values]);

  const targets = field('targets');
  const targetField = (p: Priority, key: keyof PriorityTarget) => ({
    name: `targets.${p}.${key}`,
    value: targets.value[p][key],
    onChange: (value: string) =>
      targets.onChange({
        ...targets.value,
        [p]: { ...targets.value[p], [key]: value },
      }),
  });

  return (
    <RequestFormDialog
      form="service-level"
      title={t('serviceLevelForm.dialogTitle')}
      open={open}
      onClose={onClose}
      request={run}
      onDone={onCreated}
      shownFields={FIELDS}
      submitLabel={
        values.propose
          ? t('serviceLevelForm.propose')
          : t('serviceLevelForm.saveDraft')
      }
    >
      <Grid container spacing={2}>
        <FormTextField
          {...field('name')}
          sm={8}
          label={t('serviceLevelForm.name')}
          required
        />
        <FormTextField
          {...field('tier')}
          sm={4}
          label={t('serviceLevelForm.tier')}
          placeholder="gold"
        />
        <FormTextField
          {...field('availabilityTarget')}
          label={t('serviceLevelForm.availabilityTarget')}
          type="number"
          required
          inputProps={{ step: 0.01, min: 0, max: 100 }}
        />
        <Grid item xs={12}>
          <Typography variant="subtitle2">
            {t('serviceLevelForm.targets')}
          </Typography>
        </Grid>
        {PRIORITIES.map(p => (
          <Grid container item spacing={2} key={p}>
            <FormTextField
              {...targetField(p, 'responseMinutes')}
              xs={6}
              label={t('serviceLevelForm.response', {
                priority: enumLabel('priority', p),
              })}
              type="number"
              inputProps={{ min: 1 }}
            />
            <FormTextField
              {...targetField(p, 'resolutionMinutes')}
              xs={6}
              label={t('serviceLevelForm.resolution', {
                priority: enumLabel('priority', p),
              })}
              type="number"
              inputProps={{ min: 1 }}
            />
          </Grid>
        ))}
        <FormCheckboxField
          {...field('propose')}
          label={t('serviceLevelForm.proposeNow')}
        />
      </Grid>
    </RequestFormDialog>
  );
};
