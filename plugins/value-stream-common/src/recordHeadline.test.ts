import { recordHeadline } from './recordHeadline';
import type { ProblemRecord } from './types';

describe('recordHeadline', () => {
  it('keeps what lists show and act on, and drops the history and bookkeeping', () => {
    const problem: ProblemRecord = {
      id: 'p-1',
      entityRef: 'component:default/checkout',
      state: 'known_error',
      createdAt: '2026-11-01T10:00:00.000Z',
      updatedAt: '2026-11-02T10:00:00.000Z',
      createdBy: 'user:default/alice',
      version: 3,
      title: 'Cache stampede',
      description: 'Checkout slows down every hour',
      rootCause: 'TTLs expire together',
      workaround: 'Restart the cache',
      incidentIds: [],
      history: [
        {
          at: '2026-11-01T10:00:00.000Z',
          by: 'user:default/alice',
          from: null,
          to: 'new',
        },
      ],
    };
    expect(recordHeadline(problem)).toEqual({
      id: 'p-1',
      entityRef: 'component:default/checkout',
      state: 'known_error',
      createdAt: '2026-11-01T10:00:00.000Z',
      version: 3,
      title: 'Cache stampede',
      description: 'Checkout slows down every hour',
      rootCause: 'TTLs expire together',
      workaround: 'Restart the cache',
      incidentIds: [],
    });
  });
});
