import { ResponseError } from '@backstage/errors';
import {
  fieldErrorMap,
  fieldErrorsOfResponseBody,
} from '@valuestream/plugin-value-stream-common';

/** What a form shows for a failed request. */
export interface FormError {
  /** The HTTP status, when the error came from the backend. */
  status?: number;
  /** The message of the backend (or of the error). */
  message: string;
  /** Reasons by dotted field path, for a 400 from a schema. */
  fieldErrors: Record<string, string>;
}

/**
 * Reads a failed request the way a form needs it: the field list of a 400
 * (the `fields` of the backend's `ValidationError` in the error body) becomes
 * one message per field; every error keeps its message.
 */
export function toFormError(error: unknown): FormError {
  if (ResponseError.is(error)) {
    const message = error.cause?.message || error.message;
    return {
      status: error.statusCode,
      message,
      fieldErrors:
        error.statusCode === 400
          ? fieldErrorMap(fieldErrorsOfResponseBody(error.body))
          : {},
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message, fieldErrors: {} };
}

/**
 * The message for one form field: the reason for the field itself or for
 * the first of its nested paths (`targets.P1` for `targets.P1.responseMinutes`).
 */
export function fieldMessage(
  error: FormError | undefined,
  name: string,
): string | undefined {
  if (!error) {
    return undefined;
  }
  if (error.fieldErrors[name]) {
    return error.fieldErrors[name];
  }
  return Object.entries(error.fieldErrors).find(([path]) =>
    path.startsWith(`${name}.`),
  )?.[1];
}
