import type { HistoryEntry } from '../types';
import {
  MetricChange,
  MetricDeployment,
  MetricIncident,
  changeAuthorizedAt,
  changeFailureRate,
  deploymentFrequency,
  doraMetrics,
  leadTimeForChanges,
  timeToRestore,
} from './dora';

const H = 3_600_000;
const D = 24 * H;
const WINDOW = {
  from: '2026-03-01T00:00:00.000Z',
  to: '2026-03-15T00:00:00.000Z',
};

function dep(
  id: string,
  at: string,
  over: Partial<MetricDeployment> = {},
): MetricDeployment {
  return {
    id,
    entityRef: 'component:default/checkout',
    production: true,
    state: 'success',
    createdAt: at,
    finishedAt: at,
    ...over,
  };
}

// The scenario of the hand-computed expectations below.
const DEPLOYMENTS: MetricDeployment[] = [
  dep('d1', '2026-03-02T10:00:00.000Z', { changeId: 'c1' }),
  dep('d2', '2026-03-03T10:00:00.000Z'),
  dep('d3', '2026-03-04T10:00:00.000Z', { state: 'failure' }),
  dep('d4', '2026-03-04T12:00:00.000Z', { production: false }),
  dep('d5', '2026-03-08T09:00:00.000Z', { changeId: 'c3' }),
  dep('d6', '2026-02-27T10:00:00.000Z'),
  dep('d7', '2026-03-10T00:00:00.000Z', {
    state: 'pending',
    finishedAt: undefined,
  }),
  dep('d8', '2026-03-12T07:00:00.000Z', {
    finishedAt: undefined,
    startedAt: '2026-03-12T08:00:00.000Z',
  }),
  dep('d9', '2026-03-20T10:00:00.000Z'),
];

function authorized(at: string): HistoryEntry[] {
  return [
    {
      at: '2026-03-01T00:00:00.000Z',
      by: 'user:default/a',
      from: null,
      to: 'new',
    },
    { at, by: 'user:default/cab', from: 'authorize', to: 'scheduled' },
  ];
}

function change(
  id: string,
  createdAt: string,
  over: Partial<MetricChange> = {},
): MetricChange {
  return {
    id,
    entityRef: 'component:default/checkout',
    state: 'closed',
    createdAt,
    history: [],
    ...over,
  };
}

const CHANGES: MetricChange[] = [
  // linked to d1: 24 h
  change('c1', '2026-03-01T10:00:00.000Z'),
  // authorized 03-02 12:00, first production deployment after: d2 -> 34 h
  change('c2', '2026-03-02T00:00:00.000Z', {
    history: authorized('2026-03-02T12:00:00.000Z'),
  }),
  // linked to d5: 72 h
  change('c3', '2026-03-05T09:00:00.000Z'),
  // not authorized yet: pending
  change('c4', '2026-03-10T00:00:00.000Z', { state: 'authorize' }),
  // rejected: left out
  change('c5', '2026-03-01T00:00:00.000Z', { state: 'rejected' }),
  // scheduled without history: authorized at creation, then d8 (08:00) -> 32 h
  change('c6', '2026-03-11T00:00:00.000Z', { state: 'scheduled' }),
  // another entity without deployments: pending
  change('c7', '2026-03-01T00:00:00.000Z', {
    entityRef: 'component:default/payments',
    history: authorized('2026-03-01T01:00:00.000Z'),
  }),
];

describe('deploymentFrequency', () => {
  it('counts successful production deployments in the window', () => {
    const result = deploymentFrequency(DEPLOYMENTS, WINDOW);
    expect(result).toMatchObject({
      days: 14,
      count: 4,
      perWeek: 2,
      band: 'high',
    });
    expect(result.perDay).toBeCloseTo(4 / 14, 10);
    expect(result.samples.map(s => s.deploymentId)).toEqual([
      'd1',
      'd2',
      'd5',
      'd8',
    ]);
    expect(result.samples[3].at).toBe('2026-03-12T08:00:00.000Z');
  });

  const days = (n: number) => ({
    from: '2026-03-01T00:00:00.000Z',
    to: new Date(Date.parse('2026-03-01T00:00:00.000Z') + n * D).toISOString(),
  });
  const daily = (count: number) =>
    Array.from({ length: count }, (_, i) =>
      dep(
        `x${i}`,
        new Date(Date.parse('2026-03-01T01:00:00.000Z') + i * H).toISOString(),
      ),
    );
  it.each([
    [7, 14, 'elite'],
    [7, 7, 'elite'],
    [7, 6, 'high'],
    [7, 1, 'high'],
    [30, 1, 'medium'],
    [31, 1, 'low'],
    [7, 0, 'low'],
  ] as const)('over %i days, %i deployments is %s', (n, count, band) => {
    expect(deploymentFrequency(daily(count), days(n)).band).toBe(band);
  });

  it('handles an empty window', () => {
    expect(
      deploymentFrequency(DEPLOYMENTS, { from: WINDOW.from, to: WINDOW.from }),
    ).toMatchObject({
      days: 0,
      count: 0,
      perDay: 0,
      band: 'low',
    });
  });
});

describe('changeAuthorizedAt', () => {
  it.each([
    [
      'the first move to scheduled',
      change('a', '2026-03-01T00:00:00.000Z', {
        history: authorized('2026-03-02T00:00:00.000Z'),
      }),
      '2026-03-02T00:00:00.000Z',
    ],
    [
      'the earliest entry, whatever the order',
      change('a', '2026-03-01T00:00:00.000Z', {
        history: [
          {
            at: '2026-03-05T00:00:00.000Z',
            by: 'u',
            from: 'implement',
            to: 'review',
          },
          {
            at: '2026-03-03T00:00:00.000Z',
            by: 'u',
            from: 'scheduled',
            to: 'implement',
          },
        ],
      }),
      '2026-03-03T00:00:00.000Z',
    ],
    [
      'creation for a scheduled change without history',
      change('a', '2026-03-01T00:00:00.000Z', { state: 'scheduled' }),
      '2026-03-01T00:00:00.000Z',
    ],
    [
      'nothing for a change awaiting authorization',
      change('a', '2026-03-01T00:00:00.000Z', { state: 'authorize' }),
      undefined,
    ],
  ])('gives %s', (_name, c, expected) => {
    expect(changeAuthorizedAt(c)).toBe(expected);
  });
});

describe('leadTimeForChanges', () => {
  it('measures changes to their first production deployment', () => {
    const result = leadTimeForChanges(CHANGES, DEPLOYMENTS);
    expect(
      result.samples.map(s => [
        s.changeId,
        s.deploymentId,
        s.leadTimeMs / H,
        s.linkedBy,
      ]),
    ).toEqual([
      ['c1', 'd1', 24, 'changeId'],
      ['c2', 'd2', 34, 'entity'],
      ['c3', 'd5', 72, 'changeId'],
      ['c6', 'd8', 32, 'entity'],
    ]);
    expect(result).toMatchObject({
      count: 4,
      pending: 2,
      medianMs: 33 * H,
      p90Ms: 72 * H,
      band: 'high',
    });
  });

  it('counts only changes that reached production in the window', () => {
    const result = leadTimeForChanges(CHANGES, DEPLOYMENTS, {
      window: { from: '2026-03-05T00:00:00.000Z', to: WINDOW.to },
    });
    expect(result).toMatchObject({
      count: 2,
      pending: 2,
      medianMs: 52 * H,
      p90Ms: 72 * H,
    });
  });

  it('ignores a linked deployment older than the change and failed ones', () => {
    const deployments = [
      dep('old', '2026-03-01T00:00:00.000Z', { changeId: 'c' }),
      dep('failed', '2026-03-02T06:00:00.000Z', {
        changeId: 'c',
        state: 'failure',
      }),
      dep('later', '2026-03-02T12:00:00.000Z'),
    ];
    const c = change('c', '2026-03-01T12:00:00.000Z', { state: 'implement' });
    expect(leadTimeForChanges([c], deployments).samples).toEqual([
      expect.objectContaining({
        deploymentId: 'later',
        leadTimeMs: 24 * H,
        linkedBy: 'entity',
      }),
    ]);
  });

  it.each([
    [12 * H, 'elite'],
    [D, 'high'],
    [6 * D, 'high'],
    [7 * D, 'medium'],
    [30 * D, 'low'],
  ])('a median of %i ms is %s', (lead, band) => {
    const c = change('c', '2026-03-01T00:00:00.000Z');
    const d = dep('d', new Date(Date.parse(c.createdAt) + lead).toISOString(), {
      changeId: 'c',
    });
    expect(leadTimeForChanges([c], [d]).band).toBe(band);
  });

  it('has no statistics without samples', () => {
    expect(leadTimeForChanges([], DEPLOYMENTS)).toEqual({
      count: 0,
      pending: 0,
      samples: [],
    });
  });
});

describe('changeFailureRate', () => {
  const incident = (
    id: string,
    createdAt: string,
    over: Partial<MetricIncident> = {},
  ): MetricIncident => ({
    id,
    entityRef: 'component:default/checkout',
    createdAt,
    ...over,
  });

  it.each([
    ['a failed deployment', [], ['d3']],
    [
      'an incident 5 h after d1 (before d2)',
      [incident('i1', '2026-03-02T15:00:00.000Z')],
      ['d1', 'd3'],
    ],
    [
      'an incident 27 h after d5',
      [incident('i2', '2026-03-09T12:00:00.000Z')],
      ['d3'],
    ],
    [
      'an incident caused by change c3',
      [incident('i3', '2026-03-14T00:00:00.000Z', { causedByChangeId: 'c3' })],
      ['d3', 'd5'],
    ],
    [
      'an incident on another entity',
      [
        incident('i4', '2026-03-02T11:00:00.000Z', {
          entityRef: 'component:default/payments',
        }),
      ],
      ['d3'],
    ],
    [
      'an unknown causing change, then the time window',
      [
        incident('i5', '2026-03-12T09:00:00.000Z', {
          causedByChangeId: 'c-unknown',
        }),
      ],
      ['d3', 'd8'],
    ],
    [
      'an incident on the entity ref in other case',
      [
        incident('i6', '2026-03-03T11:00:00.000Z', {
          entityRef: 'Component:default/Checkout',
        }),
      ],
      ['d2', 'd3'],
    ],
  ] as const)('counts %s', (_name, incidents, failedIds) => {
    const result = changeFailureRate(DEPLOYMENTS, incidents, {
      window: WINDOW,
    });
    expect(result.total).toBe(5);
    expect(result.failedDeploymentIds).toEqual(failedIds);
    expect(result.failed).toBe(failedIds.length);
    expect(result.rate).toBeCloseTo(failedIds.length / 5, 10);
  });

  it('widens the incident window', () => {
    const result = changeFailureRate(
      DEPLOYMENTS,
      [incident('i2', '2026-03-09T12:00:00.000Z')],
      {
        window: WINDOW,
        incidentWindowHours: 48,
      },
    );
    expect(result.failedDeploymentIds).toEqual(['d3', 'd5']);
  });

  it('counts one deployment once and samples every deployment', () => {
    const result = changeFailureRate(
      DEPLOYMENTS,
      [
        incident('a', '2026-03-02T11:00:00.000Z'),
        incident('b', '2026-03-02T12:00:00.000Z'),
      ],
      { window: WINDOW },
    );
    expect(result).toMatchObject({
      total: 5,
      failed: 2,
      rate: 0.4,
      band: 'low',
    });
    expect(result.samples.map(s => [s.deploymentId, s.value])).toEqual([
      ['d1', 1],
      ['d2', 0],
      ['d3', 1],
      ['d5', 0],
      ['d8', 0],
    ]);
  });

  it.each([
    [0, 20, 'elite'],
    [1, 20, 'elite'],
    [2, 20, 'high'],
    [3, 20, 'medium'],
    [4, 20, 'low'],
  ])('%i failures of %i is %s', (failures, total, band) => {
    const deployments = Array.from({ length: total }, (_, i) =>
      dep(
        `d${i}`,
        new Date(Date.parse('2026-03-01T00:00:00.000Z') + i * D).toISOString(),
        {
          state: i < failures ? 'failure' : 'success',
        },
      ),
    );
    expect(changeFailureRate(deployments, []).band).toBe(band);
  });

  it('has no rate without deployments', () => {
    expect(changeFailureRate([], [incident('i', WINDOW.from)])).toEqual({
      total: 0,
      failed: 0,
      failedDeploymentIds: [],
      samples: [],
    });
  });
});

describe('timeToRestore', () => {
  const INCIDENTS: MetricIncident[] = [
    {
      id: 'a',
      entityRef: 'x',
      createdAt: '2026-03-02T10:00:00.000Z',
      resolvedAt: '2026-03-02T10:30:00.000Z',
    },
    {
      id: 'b',
      entityRef: 'x',
      createdAt: '2026-03-03T00:00:00.000Z',
      resolvedAt: '2026-03-03T02:00:00.000Z',
    },
    {
      id: 'c',
      entityRef: 'x',
      createdAt: '2026-03-04T00:00:00.000Z',
      resolvedAt: '2026-03-05T00:00:00.000Z',
    },
    { id: 'open', entityRef: 'x', createdAt: '2026-03-04T00:00:00.000Z' },
    {
      id: 'old',
      entityRef: 'x',
      createdAt: '2026-02-01T00:00:00.000Z',
      resolvedAt: '2026-02-20T00:00:00.000Z',
    },
  ];

  it('takes the median and p90 of resolved incidents', () => {
    const result = timeToRestore(INCIDENTS, { window: WINDOW });
    expect(result).toMatchObject({
      count: 3,
      medianMs: 2 * H,
      p90Ms: 24 * H,
      band: 'high',
    });
    expect(result.samples.map(s => s.incidentId)).toEqual(['a', 'b', 'c']);
  });

  it('counts every resolved incident without a window', () => {
    expect(timeToRestore(INCIDENTS)).toMatchObject({
      count: 4,
      medianMs: 13 * H,
      p90Ms: 19 * D,
    });
  });

  it.each([
    [30 * 60_000, 'elite'],
    [H, 'high'],
    [23 * H, 'high'],
    [D, 'medium'],
    [7 * D, 'low'],
  ])('a median of %i ms is %s', (ms, band) => {
    const incident = {
      id: 'i',
      entityRef: 'x',
      createdAt: WINDOW.from,
      resolvedAt: new Date(Date.parse(WINDOW.from) + ms).toISOString(),
    };
    expect(timeToRestore([incident]).band).toBe(band);
  });
});

describe('doraMetrics', () => {
  it('computes the four metrics of one window', () => {
    const result = doraMetrics(
      {
        deployments: DEPLOYMENTS,
        changes: CHANGES,
        incidents: [
          {
            id: 'i1',
            entityRef: 'component:default/checkout',
            createdAt: '2026-03-02T15:00:00.000Z',
            resolvedAt: '2026-03-02T16:00:00.000Z',
          },
        ],
      },
      WINDOW,
    );
    expect(result.window).toBe(WINDOW);
    expect(result.deploymentFrequency.count).toBe(4);
    expect(result.leadTimeForChanges.medianMs).toBe(33 * H);
    expect(result.changeFailureRate).toMatchObject({
      total: 5,
      failed: 2,
      rate: 0.4,
    });
    expect(result.timeToRestore).toMatchObject({
      count: 1,
      medianMs: H,
      band: 'high',
    });
  });
});
