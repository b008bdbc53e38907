import {
  authorizationInputsChanged,
  coverageOf,
  deploymentAuthorizationTime,
  implementationSpan,
  judgeDeploymentAuthorization,
  type AuthorizationCoverage,
} from './deploymentAuthorization';
import { change, deployment } from './testUtils/records';
import type { ChangeRecord, ChangeState, HistoryEntry } from './types';

const ENTITY = 'component:default/checkout';
const WINDOW = {
  plannedStart: '2025-03-10T10:00:00.000Z',
  plannedEnd: '2025-03-10T12:00:00.000Z',
};

function moved(time: string, from: string | null, to: string): HistoryEntry {
  return { at: time, by: 'user:default/ops', from, to };
}

/** A change that was implemented from 14:00 to 15:00 on the 10th. */
const IMPLEMENTED: HistoryEntry[] = [
  moved('2025-03-09T09:00:00.000Z', null, 'new'),
  moved('2025-03-09T10:00:00.000Z', 'new', 'assess'),
  moved('2025-03-09T11:00:00.000Z', 'assess', 'authorize'),
  moved('2025-03-09T12:00:00.000Z', 'authorize', 'scheduled'),
  moved('2025-03-10T14:00:00.000Z', 'scheduled', 'implement'),
  moved('2025-03-10T15:00:00.000Z', 'implement', 'review'),
];

function at(time: string) {
  return deployment({
    entityRef: ENTITY,
    production: true,
    startedAt: time,
    createdAt: '2025-03-01T00:00:00.000Z',
  });
}

describe('deploymentAuthorizationTime', () => {
  it.each<[string, Record<string, string>, string]>([
    [
      'its start',
      {
        startedAt: '2025-03-10T10:00:00.000Z',
        finishedAt: '2025-03-10T11:00:00.000Z',
      },
      '2025-03-10T10:00:00.000Z',
    ],
    [
      'its finish without a start',
      { finishedAt: '2025-03-10T11:00:00.000Z' },
      '2025-03-10T11:00:00.000Z',
    ],
    ['its recording without either', {}, '2025-03-01T10:00:00.000Z'],
  ])('is %s', (_, fields, expected) => {
    expect(deploymentAuthorizationTime(deployment(fields))).toBe(expected);
  });
});

describe('implementationSpan', () => {
  it('runs from entering implement to leaving it', () => {
    expect(
      implementationSpan(change({ state: 'review', history: IMPLEMENTED })),
    ).toEqual({
      start: Date.parse('2025-03-10T14:00:00.000Z'),
      end: Date.parse('2025-03-10T15:00:00.000Z'),
    });
  });

  it('is open while the change is in implement', () => {
    const span = implementationSpan(
      change({ state: 'implement', history: IMPLEMENTED.slice(0, 5) }),
    );
    expect(span?.end).toBe(Number.POSITIVE_INFINITY);
  });

  it('is undefined for a change never implemented', () => {
    expect(
      implementationSpan(
        change({ state: 'scheduled', history: IMPLEMENTED.slice(0, 4) }),
      ),
    ).toBeUndefined();
  });

  it('ignores edits that stay in implement', () => {
    const history = [
      ...IMPLEMENTED.slice(0, 5),
      moved('2025-03-10T14:30:00.000Z', 'implement', 'implement'),
    ];
    expect(
      implementationSpan(change({ state: 'implement', history }))?.end,
    ).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('coverageOf', () => {
  const base = {
    entityRef: ENTITY,
    ...WINDOW,
    history: IMPLEMENTED,
  } satisfies Partial<ChangeRecord>;

  it.each<
    [
      string,
      Partial<ChangeRecord>,
      string,
      AuthorizationCoverage | undefined,
      number?,
    ]
  >([
    [
      'scheduled, inside the window',
      { state: 'scheduled' },
      '2025-03-10T11:00:00.000Z',
      'planned-window',
    ],
    [
      'scheduled, at the window start',
      { state: 'scheduled' },
      '2025-03-10T10:00:00.000Z',
      'planned-window',
    ],
    [
      'scheduled, within the grace before the window',
      { state: 'scheduled' },
      '2025-03-10T09:31:00.000Z',
      'planned-window',
    ],
    [
      'scheduled, at the end of the grace after the window',
      { state: 'scheduled' },
      '2025-03-10T12:30:00.000Z',
      'planned-window',
    ],
    [
      'scheduled, past the grace after the window',
      { state: 'scheduled', history: [] },
      '2025-03-10T12:31:00.000Z',
      undefined,
    ],
    [
      'scheduled, before the grace with no grace',
      { state: 'scheduled', history: [] },
      '2025-03-10T09:59:00.000Z',
      undefined,
      0,
    ],
    [
      'implement, inside the window',
      { state: 'implement' },
      '2025-03-10T11:00:00.000Z',
      'planned-window',
    ],
    [
      'review, during its implementation after the window',
      { state: 'review' },
      '2025-03-10T14:45:00.000Z',
      'implementation',
    ],
    [
      'closed, during its implementation',
      { state: 'closed' },
      '2025-03-10T15:20:00.000Z',
      'implementation',
    ],
    [
      'closed, long after its implementation',
      { state: 'closed' },
      '2025-03-11T15:00:00.000Z',
      undefined,
    ],
    [
      'failed, during its implementation',
      { state: 'failed' },
      '2025-03-10T14:10:00.000Z',
      'implementation',
    ],
    [
      'emergency in implement without a window, after it started',
      {
        type: 'emergency',
        state: 'implement',
        plannedStart: undefined,
        plannedEnd: undefined,
        history: [
          moved('2025-03-10T02:00:00.000Z', null, 'new'),
          moved('2025-03-10T02:05:00.000Z', 'new', 'assess'),
          moved('2025-03-10T02:10:00.000Z', 'assess', 'authorize'),
          moved('2025-03-10T02:20:00.000Z', 'authorize', 'implement'),
        ],
      },
      '2025-03-10T03:00:00.000Z',
      'implementation',
    ],
    [
      'emergency in implement, long before it started',
      {
        type: 'emergency',
        state: 'implement',
        plannedStart: undefined,
        plannedEnd: undefined,
        history: [moved('2025-03-10T02:20:00.000Z', 'authorize', 'implement')],
      },
      '2025-03-10T01:00:00.000Z',
      undefined,
    ],
    [
      'a start alone, at it',
      { state: 'scheduled', plannedEnd: undefined, history: [] },
      '2025-03-10T10:20:00.000Z',
      'planned-window',
    ],
    ...(['new', 'assess', 'authorize', 'rejected', 'cancelled'] as const).map(
      (
        state: ChangeState,
      ): [string, Partial<ChangeRecord>, string, undefined] => [
        `${state}, inside the window`,
        { state },
        '2025-03-10T11:00:00.000Z',
        undefined,
      ],
    ),
    [
      'another entity',
      { state: 'scheduled', entityRef: 'component:default/payments' },
      '2025-03-10T11:00:00.000Z',
      undefined,
    ],
    [
      'the same entity in other case',
      { state: 'scheduled', entityRef: 'Component:default/Checkout' },
      '2025-03-10T11:00:00.000Z',
      'planned-window',
    ],
    // The grace is read from a rest parameter: jest hands a test function
    // with more parameters than its row a `done` callback.
  ])('%s', (_, fields, time, expected, ...grace) => {
    const graceMinutes = grace[0];
    expect(
      coverageOf(
        change({ ...base, ...fields }),
        at(time),
        graceMinutes === undefined ? {} : { graceMinutes },
      ),
    ).toBe(expected);
  });
});

describe('judgeDeploymentAuthorization', () => {
  const scheduled = change({
    id: 'c-scheduled',
    title: 'Release 2.4',
    entityRef: ENTITY,
    state: 'scheduled',
    ...WINDOW,
    createdAt: '2025-03-05T00:00:00.000Z',
  });

  it('never flags a deployment that is not to production', () => {
    expect(
      judgeDeploymentAuthorization(
        { ...at('2025-03-20T00:00:00.000Z'), production: false },
        [],
      ),
    ).toEqual({ unauthorized: false, reason: 'Not a production deployment' });
  });

  it('passes a production deployment a change covers, naming it', () => {
    expect(
      judgeDeploymentAuthorization(at('2025-03-10T11:00:00.000Z'), [scheduled]),
    ).toMatchObject({
      unauthorized: false,
      changeId: 'c-scheduled',
      coverage: 'planned-window',
    });
  });

  it('flags a production deployment without a change, saying so', () => {
    const verdict = judgeDeploymentAuthorization(
      at('2025-03-10T11:00:00.000Z'),
      [],
    );
    expect(verdict.unauthorized).toBe(true);
    expect(verdict.reason).toBe(
      `No authorized change of ${ENTITY} covers 2025-03-10T11:00:00.000Z (30 minutes' grace); the entity has no authorized change near that time.`,
    );
  });

  it('flags one outside every window, naming the nearest change', () => {
    const verdict = judgeDeploymentAuthorization(
      at('2025-03-10T18:00:00.000Z'),
      [
        scheduled,
        change({
          id: 'c-far',
          entityRef: ENTITY,
          state: 'closed',
          plannedStart: '2025-02-01T10:00:00.000Z',
          plannedEnd: '2025-02-01T11:00:00.000Z',
        }),
        change({ id: 'c-new', entityRef: ENTITY, state: 'assess', ...WINDOW }),
      ],
    );
    expect(verdict.unauthorized).toBe(true);
    expect(verdict.reason).toContain(
      'the nearest authorized change is "Release 2.4" (c-scheduled, scheduled, planned 2025-03-10T10:00:00.000Z to 2025-03-10T12:00:00.000Z)',
    );
  });

  it('says when the change it names was not authorized', () => {
    const verdict = judgeDeploymentAuthorization(
      { ...at('2025-03-10T11:00:00.000Z'), changeId: 'c-assess' },
      [
        change({
          id: 'c-assess',
          title: 'Hotfix',
          entityRef: ENTITY,
          state: 'assess',
          ...WINDOW,
        }),
      ],
    );
    expect(verdict.unauthorized).toBe(true);
    expect(verdict.reason).toContain(
      'the change it names, "Hotfix" (c-assess), was not authorized (assess)',
    );
  });

  it('says when the change it names belongs to another entity', () => {
    const verdict = judgeDeploymentAuthorization(
      { ...at('2025-03-10T11:00:00.000Z'), changeId: 'c-other' },
      [
        change({
          id: 'c-other',
          entityRef: 'component:default/payments',
          state: 'scheduled',
          ...WINDOW,
        }),
      ],
    );
    expect(verdict.unauthorized).toBe(true);
    expect(verdict.reason).toContain(
      'the change it names, c-other, is a change of component:default/payments',
    );
  });

  it('prefers the change the deployment names when several cover it', () => {
    const named = change({
      ...scheduled,
      id: 'c-named',
      createdAt: '2025-03-01T00:00:00.000Z',
    });
    expect(
      judgeDeploymentAuthorization(
        { ...at('2025-03-10T11:00:00.000Z'), changeId: 'c-named' },
        [scheduled, named],
      ).changeId,
    ).toBe('c-named');
    expect(
      judgeDeploymentAuthorization(at('2025-03-10T11:00:00.000Z'), [
        named,
        scheduled,
      ]).changeId,
    ).toBe('c-scheduled');
  });

  it('judges a pending deployment at its recording', () => {
    const pending = deployment({
      entityRef: ENTITY,
      createdAt: '2025-03-10T11:00:00.000Z',
    });
    expect(
      judgeDeploymentAuthorization(pending, [scheduled]).unauthorized,
    ).toBe(false);
  });

  it('applies a configured grace', () => {
    const early = at('2025-03-10T09:00:00.000Z');
    expect(judgeDeploymentAuthorization(early, [scheduled]).unauthorized).toBe(
      true,
    );
    expect(
      judgeDeploymentAuthorization(early, [scheduled], { graceMinutes: 60 })
        .unauthorized,
    ).toBe(false);
  });
});

describe('authorizationInputsChanged', () => {
  const before = at('2025-03-10T11:00:00.000Z');
  it.each<[string, Partial<typeof before>, boolean]>([
    ['nothing it reads', { environment: 'prod-eu' }, false],
    [
      'the same instant written otherwise',
      { startedAt: '2025-03-10T11:00:00Z' },
      false,
    ],
    ['the production flag', { production: false }, true],
    ['the start', { startedAt: '2025-03-10T12:00:00.000Z' }, true],
  ])('%s', (_, patch, expected) => {
    expect(authorizationInputsChanged(before, { ...before, ...patch })).toBe(
      expected,
    );
  });
});
