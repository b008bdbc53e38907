import { Box } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import { formErrorTitle, type FormError } from '../../../lib/errors';

/** Props of {@link FormErrorAlert}. */
export interface FormErrorAlertProps {
  error?: FormError;
  /** Field paths the form shows next to its fields; the rest are listed here. */
  shownFields?: string[];
}

function isShown(path: string, shownFields: string[]) {
  return shownFields.some(f => path === f || path.startsWith(`${f}.`));
}

/**
 * The alert at the top of a form for a failed request: a 403 or 409 says so
 * clearly, a 400 lists the reasons that have no field of their own.
 */
export const FormErrorAlert = ({
  error,
  shownFields = [],
}: FormErrorAlertProps) => {
  if (!error) {
    return null;
  }
  const unshown = Object.entries(error.fieldErrors).filter(
    ([path]) => !isShown(path, shownFields),
  );
  const hasFieldErrors = Object.keys(error.fieldErrors).length > 0;
  return (
    <Box mb={2}>
      <Alert severity="error">
        <AlertTitle>{formErrorTitle(error)}</AlertTitle>
        {!hasFieldErrors && error.message}
        {unshown.map(([path, reason]) => (
          <div key={path}>
            {path === '(root)' ? reason : `${path}: ${reason}`}
          </div>
        ))}
      </Alert>
    </Box>
  );
};
