import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  RISK_LEVELS,
  type RiskLevel,
  type StandardChangeModel,
} from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef } from '../../../api';
import { useFormValues } from '../../../hooks/useFormValues';
import { useLabels } from '../../../hooks/useLabels';
import { fromLocalInput } from '../../../lib/dates';
import { RequestFormDialog } from '../../primitives/FormDialog';
import { FormSelectField, FormTextField } from '../../primitives/FormFields';
import { Grid } from '@material-ui/core';
import { valueStreamTranslationRef } from '../../../translation';

/** Props of {@link ProposeModelDialog}. */
export interface ProposeModelDialogProps {
  onClose: () => void;
  onProposed: (model: StandardChangeModel) => void;
}

const FIELDS = [
  'name',
  'description',
  'scope.kinds',
  'scope.systems',
  'scope.owners',
  'riskCeiling',
  'expiresAt',
  'reviewAt',
];

/** `a, b c` -> `['a', 'b', 'c']`. */
function list(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map(item => item.trim())
    .filter(Boolean);
}

/** Proposes a standard-change model for the change authority to approve. */
export const ProposeModelDialog = ({
  onClose,
  onProposed,
}: ProposeModelDialogProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { enumLabel } = useLabels();
  const api = useApi(valueStreamApiRef);
  const { values, field } = useFormValues({
    name: '',
    description: '',
    kinds: 'Component',
    systems: '',
    owners: '',
    riskCeiling: 'low' as RiskLevel,
    expiresAt: '',
    reviewAt: '',
  });
  const run = useCallback(
    () =>
      api.proposeStandardChangeModel({
        name: values.name,
        description: values.description,
        scope: {
          kinds: list(values.kinds),
          systems: list(values.systems),
          owners: list(values.owners),
        },
        riskCeiling: values.riskCeiling,
        expiresAt: fromLocalInput(values.expiresAt) ?? '',
        reviewAt: fromLocalInput(values.reviewAt) ?? '',
      }),
    [api, values],
  );
  const date = { type: 'datetime-local', InputLabelProps: { shrink: true } };
  return (
    <RequestFormDialog
      form="propose-model"
      title={t('proposeModel.dialogTitle')}
      open
      onClose={onClose}
      request={run}
      onDone={onProposed}
      shownFields={FIELDS}
      submitLabel={t('proposeModel.submit')}
    >
      <Grid container spacing={2}>
        <FormTextField
          {...field('name')}
          label={t('proposeModel.name')}
          required
        />
        <FormTextField
          {...field('description')}
          label={t('proposeModel.description')}
          helperText={t('proposeModel.descriptionHelp')}
          required
          multiline
          minRows={3}
        />
        <FormTextField
          {...field('kinds')}
          name="scope.kinds"
          label={t('proposeModel.kinds')}
          helperText={t('proposeModel.kindsHelp')}
          sm={4}
        />
        <FormTextField
          {...field('systems')}
          name="scope.systems"
          label={t('proposeModel.systems')}
          helperText={t('proposeModel.systemsHelp')}
          sm={4}
        />
        <FormTextField
          {...field('owners')}
          name="scope.owners"
          label={t('proposeModel.owners')}
          helperText={t('proposeModel.ownersHelp')}
          sm={4}
        />
        <FormSelectField
          {...field('riskCeiling')}
          options={RISK_LEVELS}
          optionLabel={v => enumLabel('riskLevel', v)}
          label={t('proposeModel.riskCeiling')}
          helperText={t('proposeModel.riskCeilingHelp')}
          sm={4}
        />
        <FormTextField
          {...field('expiresAt')}
          {...date}
          label={t('proposeModel.expiresAt')}
          required
          sm={4}
        />
        <FormTextField
          {...field('reviewAt')}
          {...date}
          label={t('proposeModel.reviewAt')}
          required
          sm={4}
        />
      </Grid>
    </RequestFormDialog>
  );
};
