import { InputError } from '@backstage/errors';
import { isUuid } from './records';

/** The position after which the next page starts: newest first by (createdAt, id). */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

/** An opaque base64url cursor for a keyset position of two strings. */
export function encodeKeyset(key: [string, string]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key of a cursor from `encodeKeyset`; anything else is an `InputError`. */
export function decodeKeyset(cursor: string): [string, string] {
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
    typeof parsed[1] !== 'string'
  ) {
    throw new InputError('Invalid cursor');
  }
  return [parsed[0], parsed[1]];
}

/** An opaque base64url cursor for the keyset position. */
export function encodeCursor(position: CursorPosition): string {
  return encodeKeyset([position.createdAt, position.id]);
}

/** Reads a cursor from `encodeCursor`; anything else is an `InputError`. */
export function decodeCursor(cursor: string): CursorPosition {
  const [createdAt, id] = decodeKeyset(cursor);
  const date = new Date(createdAt);
  if (!isUuid(id) || Number.isNaN(date.getTime())) {
    throw new InputError('Invalid cursor');
  }
  return { createdAt: date.toISOString(), id };
}
