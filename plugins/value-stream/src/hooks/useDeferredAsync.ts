import { DependencyList, useDeferredValue } from 'react';
import useAsync from 'react-use/esm/useAsync';

/**
 * `useAsync` for a secondary card: its answer is drawn at low priority, so
 * that when it arrives together with the tab's summary React draws the
 * summary's cards first. It counts as loading until it is drawn.
 */
export function useDeferredAsync<T>(
  fn: () => Promise<T>,
  deps: DependencyList,
) {
  const state = useAsync(fn, deps);
  const value = useDeferredValue(state.value);
  return {
    loading: state.loading || value !== state.value,
    error: state.error,
    value,
  };
}
