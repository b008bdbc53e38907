import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { FormEvent, ReactNode } from 'react';
import {
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
} from '@material-ui/core';
import { useFieldIds } from '../../../hooks/useFieldIds';
import type { FormError } from '../../../lib/errors';
import { FormErrorAlert } from '../FormErrorAlert';
import { FormFieldsProvider } from '../FormFields';
import { valueStreamTranslationRef } from '../../../translation';

/** Props of a dialog that creates a record for a service. */
export interface CreateDialogProps<R> {
  entityRef: string;
  open: boolean;
  onClose: () => void;
  onCreated: (record: R) => void;
}

/** Props of {@link FormDialog}. */
export interface FormDialogProps {
  title: string;
  /** Names the form in the element ids of its fields. */
  form?: string;
  open: boolean;
  onClose: () => void;
  onSubmit: () => void;
  submitting?: boolean;
  error?: FormError;
  /** Field paths the form shows messages for next to the fields. */
  shownFields?: string[];
  submitLabel?: string;
  /** Disable the submit button, e.g. until a choice is made. */
  submitDisabled?: boolean;
  children: ReactNode;
}

/** The dialog shell of every form: title, error alert, fields, actions. */
export const FormDialog = ({
  title,
  form = 'form',
  open,
  onClose,
  onSubmit,
  submitting,
  error,
  shownFields,
  submitLabel,
  submitDisabled,
  children,
}: FormDialogProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const titleId = useFieldIds('dialog')('title');
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Dialog
      open={open}
      onClose={submitting ? undefined : onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby={titleId}
    >
      <form onSubmit={handleSubmit} noValidate>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent dividers>
          <FormErrorAlert error={error} shownFields={shownFields} />
          <FormFieldsProvider form={form} error={error}>
            {children}
          </FormFieldsProvider>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={submitting}>
            {t('forms.cancel')}
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={submitting || submitDisabled}
            startIcon={submitting ? <CircularProgress size={16} /> : undefined}
          >
            {submitLabel ?? t('forms.submit')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
