/*
 * The HTTP errors of the domain rules' refusals, one mapping for every
 * write: a forbidden move is a 403, an invalid record a 400 that names its
 * fields, anything else the rules refuse a 409.
 */
import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  type EditRefusal,
  type FieldError,
  ValidationError,
} from '@valuestream/plugin-value-stream-common';
import { z } from 'zod';

/** The error to throw for a refusal of the domain rules. */
export function refusalError(
  refusal: {
    reason: EditRefusal;
    message: string;
    fields?: FieldError[];
  },
  what: string,
): Error {
  switch (refusal.reason) {
    case 'forbidden':
      return new NotAllowedError(refusal.message);
    case 'invalid':
      return invalidRecord(what, refusal.fields ?? []);
    default:
      return new ConflictError(refusal.message);
  }
}

/**
 * A 400 for a record that a write would leave invalid, with each field and
 * why, in the form a body that fails its schema has.
 */
export function invalidRecord(what: string, fields: FieldError[]): Error {
  return new ValidationError(
    what,
    new z.ZodError(
      fields.map(field => ({
        code: 'custom' as const,
        path: field.path.split('.'),
        message: field.message,
        input: undefined,
      })),
    ),
  );
}
