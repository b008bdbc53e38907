/*
 * Entity ref helpers shared by every layer: the router, the services, ingest
 * and the stores all compare refs the same way.
 */

/**
 * Entity refs are stored and compared lower-case. toLowerCase, not
 * toLocaleLowerCase('en-US'): the same mapping (only Turkish, Azeri and
 * Lithuanian tailor it), without a trip through ICU on every request.
 */
export function normalizeRef(ref: string): string {
  return ref.toLowerCase();
}
