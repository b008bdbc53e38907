/** The filter value that stands for "every open state". */
export const OPEN = 'open';

/**
 * The `state` query of a list from a state filter: all open states, one
 * state, or none (every state) for an empty filter.
 */
export function stateQuery(
  filter: string,
  openStates: readonly string[],
): string[] | undefined {
  if (filter === OPEN) {
    return [...openStates];
  }
  return filter ? [filter] : undefined;
}
