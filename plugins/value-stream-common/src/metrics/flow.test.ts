import type { StageTransition } from '../types';
import { timeInStage, workInProgress } from './flow';

const D = 86_400_000;
const NOW = '2026-03-10T00:00:00.000Z';

const t = (
  entityRef: string,
  from: StageTransition['from'],
  to: StageTransition['to'],
  at: string,
): StageTransition => ({
  entityRef,
  from,
  to,
  at: `2026-03-${at}Z`,
});

const A = 'component:default/a';
const B = 'component:default/b';
const C = 'component:default/c';

const TRANSITIONS: StageTransition[] = [
  t(A, 'design', 'build', '04T00:00:00.000'),
  t(A, null, 'demand', '01T00:00:00.000'),
  t(A, 'demand', 'design', '03T00:00:00.000'),
  t(B, null, 'operate', '02T00:00:00.000'),
  t(B, 'operate', 'operate', '05T00:00:00.000'),
  t(C, null, 'demand', '05T00:00:00.000'),
  t(C, 'demand', 'design', '06T12:00:00.000'),
  t(C.toUpperCase(), 'design', 'demand', '07T00:00:00.000'),
];

describe('timeInStage', () => {
  const result = Object.fromEntries(
    timeInStage(TRANSITIONS, NOW).map(s => [s.stage, s]),
  );

  it('returns every stage in order', () => {
    expect(timeInStage(TRANSITIONS, NOW).map(s => s.stage)).toEqual([
      'demand',
      'design',
      'build',
      'test',
      'deploy',
      'operate',
      'retired',
    ]);
  });

  it.each([
    // stage, stints, current, total, mean, median, p90 (days)
    ['demand', 3, 1, 6.5, 6.5 / 3, 2, 3],
    ['design', 2, 0, 1.5, 0.75, 0.75, 1],
    ['build', 1, 1, 6, 6, 6, 6],
    ['operate', 1, 1, 8, 8, 8, 8],
  ] as const)(
    '%s: %i stints, %i current, %f days',
    (stage, stints, current, total, meanDays, medianDays, p90Days) => {
      const s = result[stage];
      expect(s.stints).toBe(stints);
      expect(s.current).toBe(current);
      expect(s.totalMs).toBe(total * D);
      expect(s.meanMs).toBeCloseTo(meanDays * D, 3);
      expect(s.medianMs).toBe(medianDays * D);
      expect(s.p90Ms).toBe(p90Days * D);
    },
  );

  it('samples finished stints at their end', () => {
    expect(result.demand.samples).toEqual([
      { at: '2026-03-03T00:00:00.000Z', value: 2 * D, entityRef: A },
      { at: '2026-03-06T12:00:00.000Z', value: 1.5 * D, entityRef: C },
    ]);
    expect(result.operate.samples).toEqual([]);
  });

  it('leaves empty stages at zero', () => {
    expect(result.test).toEqual({
      stage: 'test',
      stints: 0,
      current: 0,
      totalMs: 0,
      samples: [],
    });
  });
});

describe('workInProgress', () => {
  it.each([
    [
      [],
      {
        demand: 0,
        design: 0,
        build: 0,
        test: 0,
        deploy: 0,
        operate: 0,
        retired: 0,
      },
    ],
    [
      [
        { stage: 'build' },
        { stage: 'build' },
        { stage: 'operate' },
        { stage: 'retired' },
      ],
      {
        demand: 0,
        design: 0,
        build: 2,
        test: 0,
        deploy: 0,
        operate: 1,
        retired: 1,
      },
    ],
  ] as const)('counts %j', (stages, expected) => {
    expect(workInProgress(stages)).toEqual(expected);
  });
});
