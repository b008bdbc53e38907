import { renderHook, waitFor } from '@testing-library/react';
import { useDeferredAsync } from './useDeferredAsync';

describe('useDeferredAsync', () => {
  it('is loading until the answer is drawn, then gives it', async () => {
    let resolve: (value: string) => void = () => {};
    const answer = new Promise<string>(r => {
      resolve = r;
    });
    const { result } = renderHook(() => useDeferredAsync(() => answer, []));
    expect(result.current).toMatchObject({ loading: true, value: undefined });

    resolve('metrics');
    await waitFor(() =>
      expect(result.current).toEqual({
        loading: false,
        error: undefined,
        value: 'metrics',
      }),
    );
  });

  it('gives the error of a failed call', async () => {
    const { result } = renderHook(() =>
      useDeferredAsync(() => Promise.reject(new Error('down')), []),
    );
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.error?.message).toBe('down');
    expect(result.current.value).toBeUndefined();
  });
});
