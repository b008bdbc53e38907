/**
 * Whether two entity refs name the same entity. Refs are case-insensitive in
 * the catalog; both sides are expected in full `kind:namespace/name` form.
 */
export function sameRef(a: string, b: string): boolean {
  return a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}
