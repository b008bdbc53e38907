import type { ReactNode } from 'react';
import { Grid } from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { FieldBinding } from '../../../hooks/useFormValues';
import { valueStreamTranslationRef } from '../../../translation';
import { FormTextField } from '../FormFields';
import {
  RequestFormDialog,
  type RequestFormDialogProps,
} from './RequestFormDialog';

/** Props of {@link RecordRequestDialog}. */
export type RecordRequestDialogProps<T> = Omit<
  RequestFormDialogProps<T>,
  'children'
> & {
  /** The record's title. */
  titleField: FieldBinding<string>;
  /** The record's description, with its own label and help. */
  descriptionField: FieldBinding<string>;
  descriptionLabel: string;
  descriptionHelp?: string;
  /** The fields of this kind of record, below title and description. */
  children?: ReactNode;
};

/**
 * A dialog that opens a practice record: every record a person requests
 * (a change, an incident) starts with a title and a description, followed
 * by the fields of its kind.
 */
export const RecordRequestDialog = <T,>({
  titleField,
  descriptionField,
  descriptionLabel,
  descriptionHelp,
  children,
  ...props
}: RecordRequestDialogProps<T>) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  return (
    <RequestFormDialog {...props}>
      <Grid container spacing={2}>
        <FormTextField {...titleField} label={t('forms.title')} required />
        <FormTextField
          {...descriptionField}
          label={descriptionLabel}
          helperText={descriptionHelp}
          required
          multiline
          minRows={3}
        />
        {children}
      </Grid>
    </RequestFormDialog>
  );
};
