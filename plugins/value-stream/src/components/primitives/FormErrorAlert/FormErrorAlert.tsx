import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Box } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import type { FormError } from '../../../lib/errors';
import { valueStreamTranslationRef } from '../../../translation';

/** Props of {@link FormErrorAlert}. */
export interface FormErrorAlertProps {
  error?: FormError;
  /** Field paths the form shows next to its fields; the rest are listed here. */
  shownFields?: string[];
}

function isShown(path: string, shownFields: string[]) {
  return shownFields.some(f => path === f || path.startsWith(`${f}.`));
}

const TITLE_KEYS = {
  400: 'formError.invalid',
  401: 'formError.forbidden',
  403: 'formError.forbidden',
  404: 'formError.notFound',
  409: 'formError.conflict',
} as const;

/**
 * The alert at the top of a form for a failed request: a 403 or 409 says so
 * clearly, a 400 lists the reasons that have no field of their own.
 */
export const FormErrorAlert = ({
  error,
  shownFields = [],
}: FormErrorAlertProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
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
        <AlertTitle>
          {t(
            error.status !== undefined && error.status in TITLE_KEYS
              ? TITLE_KEYS[error.status as keyof typeof TITLE_KEYS]
              : 'formError.failed',
          )}
        </AlertTitle>
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
