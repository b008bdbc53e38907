import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// jsdom has no ResizeObserver; recharts' ResponsiveContainer needs one.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
if (!('ResizeObserver' in globalThis)) {
  Object.defineProperty(globalThis, 'ResizeObserver', {
    value: ResizeObserverStub,
  });
}

// Form tests type into several fields; on a loaded 2-core CI machine that
// takes longer than jest's default 5 s.
jest.setTimeout(30_000);
// Lazily loaded extensions can take more than the default 1 s to appear
// under the same load.
configure({ asyncUtilTimeout: 10_000 });
