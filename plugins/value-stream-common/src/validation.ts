import { InputError } from '@backstage/errors';
import type { z } from 'zod';

const ROOT = '(root)';
const SEPARATOR = '; ';
const PREFIX = /^Invalid [^:]*: /;

function joinPath(path: ReadonlyArray<PropertyKey>): string {
  return path.length ? path.map(String).join('.') : ROOT;
}

// The message is split back on "; " by parseFieldErrors, so a reason must not
// contain that separator itself.
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
 * Turns a zod error into the one-line message of a 400 response:
 * `Invalid <what>: <path>: <reason>; <path>: <reason>`. Paths are dotted,
 * `(root)` for the value itself, and each unknown key is named on its own.
 * @public
 */
export function formatValidationMessage(
  what: string,
  error: z.ZodError,
): string {
  const parts: string[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        parts.push(`${joinPath([...issue.path, key])}: Unknown field`);
      }
    } else {
      parts.push(`${joinPath(issue.path)}: ${cleanReason(issue)}`);
    }
  }
  return `Invalid ${what}: ${parts.join(SEPARATOR)}`;
}

/**
 * The inverse of {@link formatValidationMessage}, for forms that show an error
 * next to each field. Returns the first reason per path; `(root)` holds the
 * reasons that concern the whole value. A message of another shape gives `{}`.
 * @public
 */
export function parseFieldErrors(message: string): Record<string, string> {
  const match = PREFIX.exec(message);
  if (!match) {
    return {};
  }
  const fields: Record<string, string> = {};
  for (const part of message.slice(match[0].length).split(SEPARATOR)) {
    const colon = part.indexOf(': ');
    if (colon <= 0) {
      continue;
    }
    const path = part.slice(0, colon);
    if (!(path in fields)) {
      fields[path] = part.slice(colon + 2);
    }
  }
  return fields;
}

/**
 * Parses a value with a schema, throwing an `InputError` (a 400 in the
 * Backstage error handler) with the message of {@link formatValidationMessage}.
 * @public
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value, { error: requiredErrorMap });
  if (!result.success) {
    throw new InputError(formatValidationMessage(what, result.error));
  }
  return result.data;
}
