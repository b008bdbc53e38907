import { useCallback, useState } from 'react';
import { toFormError, type FormError } from '../lib/errors';

/**
 * Runs a form's request and keeps its pending and error state. A failed
 * request is kept as a {@link FormError} and never rethrown.
 */
export function useSubmit<T>(
  run: () => Promise<T>,
  onDone: (result: T) => void,
): {
  submit: () => Promise<void>;
  submitting: boolean;
  error?: FormError;
  reset: () => void;
} {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<FormError | undefined>();

  const submit = useCallback(async () => {
    setSubmitting(true);
    setError(undefined);
    let result: T;
    try {
      result = await run();
    } catch (e) {
      setError(toFormError(e));
      setSubmitting(false);
      return;
    }
    setSubmitting(false);
    onDone(result);
  }, [run, onDone]);

  const reset = useCallback(() => setError(undefined), []);

  return { submit, submitting, error, reset };
}
