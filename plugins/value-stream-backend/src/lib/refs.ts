/*
 * Entity ref helpers shared by every layer: the router, the services, ingest
 * and the stores all compare refs the same way.
 */
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import { ValidationError } from '@valuestream/plugin-value-stream-common';
import { z } from 'zod';

/**
 * Entity refs are stored and compared lower-case. toLowerCase, not
 * toLocaleLowerCase('en-US'): the same mapping (only Turkish, Azeri and
 * Lithuanian tailor it), without a trip through ICU on every request.
 */
export function normalizeRef(ref: string): string {
  return ref.toLowerCase();
}

/**
 * Completes a ref from a query (`team-a`, `system:core`) with the catalog's
 * own defaults, `default` namespace and the given kind, and normalizes it:
 * `team-a` -> `group:default/team-a`. A ref that cannot be parsed is a 400
 * naming the query parameter it came in.
 */
export function qualifyRef(
  ref: string,
  defaultKind: string,
  parameter: string,
): string {
  try {
    return normalizeRef(
      stringifyEntityRef(
        parseEntityRef(ref.trim(), {
          defaultKind,
          defaultNamespace: 'default',
        }),
      ),
    );
  } catch (error) {
    throw new ValidationError(
      'query',
      new z.ZodError([
        {
          code: 'custom',
          path: [parameter],
          message: isError(error) ? error.message : String(error),
          input: ref,
        },
      ]),
    );
  }
}
