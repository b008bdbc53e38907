import { InputError } from '@backstage/errors';
import type { z } from 'zod';

const ROOT = '(root)';
const SEPARATOR = '; ';

function joinPath(path: ReadonlyArray<PropertyKey>): string {
  return path.length ? path.map(String).join('.') : ROOT;
}

// Reasons are joined with "; " in the message, so a reason must not contain
// that separator itself.
function cleanReason(issue: z.core.$ZodIssue): string {
  if (
    issue.code === 'invalid_type' &&
    /received undefined$/.test(issue.message)
  ) {
    return 'Required';
  }
  return issue.message.replace(/;\s*/g, ', ');
}

/**
 * A missing field fails whatever its type (string, enum, object) with
 * "Required" rather than the type's own message, which would read as if a
 * wrong value had been sent. Returning undefined keeps zod's message.
 */
const requiredErrorMap: z.core.$ZodErrorMap = issue =>
  issue.input === undefined && issue.code !== 'custom' ? 'Required' : undefined;

/**
 * One field a request got wrong: its dotted path (`targets.P1.responseMinutes`,
 * `(root)` for the value itself) and the reason.
 * @public
 */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * The field errors of a zod error, in issue order; each unknown key is named
 * on its own.
 * @public
 */
export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  const fields: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        fields.push({
          path: joinPath([...issue.path, key]),
          message: 'Unknown field',
        });
      }
    } else {
      fields.push({ path: joinPath(issue.path), message: cleanReason(issue) });
    }
  }
  return fields;
}

/**
 * Turns a zod error into the one-line message of a 400 response:
 * `Invalid <what>: <path>: <reason>; <path>: <reason>`. Paths are dotted,
 * `(root)` for the value itself, and each unknown key is named on its own.
 * @public
 */
export function formatValidationMessage(
  what: string,
  error: z.ZodError,
): string {
  const parts = fieldErrorsOf(error).map(f => `${f.path}: ${f.message}`);
  return `Invalid ${what}: ${parts.join(SEPARATOR)}`;
}

/**
 * A request body or query that fails its schema. It is an `InputError` (its
 * name stays `InputError`, so the Backstage error handler answers 400), and
 * its `fields` travel in the serialized error of the response body, where
 * {@link fieldErrorsOfResponseBody} reads them back.
 * @public
 */
export class ValidationError extends InputError {
  readonly fields: FieldError[];

  constructor(what: string, error: z.ZodError) {
    super(formatValidationMessage(what, error));
    this.fields = fieldErrorsOf(error);
  }
}

function isFieldError(value: unknown): value is FieldError {
  const v = value as Partial<FieldError> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.path === 'string' &&
    typeof v.message === 'string'
  );
}

/**
 * The field errors of a Backstage error response body, the `fields` of its
 * `error` as the backend sends a {@link ValidationError}; none for any other
 * body.
 * @public
 */
export function fieldErrorsOfResponseBody(body: unknown): FieldError[] {
  const fields = (body as { error?: { fields?: unknown } } | undefined)?.error
    ?.fields;
  return Array.isArray(fields) ? fields.filter(isFieldError) : [];
}

/**
 * Field errors by path, for forms that show an error next to each field; the
 * first reason of a path wins.
 * @public
 */
export function fieldErrorMap(fields: FieldError[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const { path, message } of fields) {
    if (!(path in map)) {
      map[path] = message;
    }
  }
  return map;
}

/**
 * Parses a value with a schema, throwing a {@link ValidationError} (a 400 in
 * the Backstage error handler) with the message of
 * {@link formatValidationMessage} and the field list.
 * @public
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value, { error: requiredErrorMap });
  if (!result.success) {
    throw new ValidationError(what, result.error);
  }
  return result.data;
}
