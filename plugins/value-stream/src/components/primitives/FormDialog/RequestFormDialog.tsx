import { useSubmit } from '../../../hooks/useSubmit';
import { FormDialog, type FormDialogProps } from './FormDialog';

/** Props of {@link RequestFormDialog}. */
export type RequestFormDialogProps<T> = Omit<
  FormDialogProps,
  'onSubmit' | 'submitting' | 'error'
> & {
  /** Sends the form; a failure is shown in the dialog and its fields. */
  request: () => Promise<T>;
  /** Called with the result of a successful request. */
  onDone: (result: T) => void;
};

/**
 * A {@link FormDialog} that sends one request on submit and keeps its
 * pending and error state, for forms that need nothing else on submit.
 */
export const RequestFormDialog = <T,>({
  request,
  onDone,
  ...props
}: RequestFormDialogProps<T>) => {
  const { submit, submitting, error } = useSubmit(request, onDone);
  return (
    <FormDialog
      {...props}
      onSubmit={submit}
      submitting={submitting}
      error={error}
    />
  );
};
