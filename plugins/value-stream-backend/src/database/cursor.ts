import { InputError } from '@backstage/errors';
import { isUuid } from './records';

/** The position after which the next page starts: newest first by (createdAt, id). */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

/** An opaque base64url cursor for the keyset position. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(
    JSON.stringify([position.createdAt, position.id]),
    'utf8',
  ).toString('base64url');
}

/** Reads a cursor from `encodeCursor`; anything else is an `InputError`. */
export function decodeCursor(cursor: string): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InputError('Invalid cursor');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    !isUuid(parsed[1])
  ) {
    throw new InputError('Invalid cursor');
  }
  const date = new Date(parsed[0]);
  if (Number.isNaN(date.getTime())) {
    throw new InputError('Invalid cursor');
  }
  return { createdAt: date.toISOString(), id: parsed[1] };
}
