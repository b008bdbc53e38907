import {
  isWithinMaintenance,
  maintenanceOccurrences,
  maintenanceWindowsOf,
  parseMaintenanceWindows,
} from './maintenanceWindows';
import { assessChangeRisk, CHANGE_RISK_WEIGHTS } from './changeRisk';
import { validateValueStreamAnnotations } from './validateAnnotations';

describe('parseMaintenanceWindows', () => {
  it.each<
    [
      string,
      Array<
        Pick<
          ReturnType<typeof parseMaintenanceWindows>[number],
          'days' | 'start' | 'end' | 'zone'
        >
      >,
    ]
  >([
    [
      'Sat 02:00-06:00',
      [{ days: [6], start: '02:00', end: '06:00', zone: 'UTC' }],
    ],
    [
      'Mon-Fri 22:00-02:00 Europe/Berlin',
      [
        {
          days: [1, 2, 3, 4, 5],
          start: '22:00',
          end: '02:00',
          zone: 'Europe/Berlin',
        },
      ],
    ],
    [
      'Fri-Mon 00:00-24:00',
      [{ days: [1, 5, 6, 7], start: '00:00', end: '24:00', zone: 'UTC' }],
    ],
    [
      'sat,sunday 01:00-03:00; daily 12:00-12:30 America/New_York',
      [
        { days: [6, 7], start: '01:00', end: '03:00', zone: 'UTC' },
        {
          days: [1, 2, 3, 4, 5, 6, 7],
          start: '12:00',
          end: '12:30',
          zone: 'America/New_York',
        },
      ],
    ],
  ])('reads %j', (value, expected) => {
    expect(parseMaintenanceWindows(value)).toMatchObject(expected);
  });

  it.each([
    ['', 'names no window'],
    ['Sat', 'is not a window like'],
    ['Someday 02:00-06:00', '"Someday" is not a weekday'],
    ['Sat 2:00-06:00', '"2:00" is not a time of day'],
    ['Sat 02:00-25:00', '"25:00" is not a time of day'],
    ['Sat 02:00-02:00', 'is empty'],
    ['Sat 24:00-02:00', 'starts at 24:00'],
    ['Sat 02:00-06:00 Mars/Olympus', '"Mars/Olympus" is not an IANA time zone'],
    ['Sat 02:00-06:00 UTC extra', 'is not a window like'],
  ])('refuses %j', (value, message) => {
    expect(() => parseMaintenanceWindows(value)).toThrow(message);
  });
});

// 2030-01-05 is a Saturday.
const SAT = parseMaintenanceWindows('Sat 02:00-06:00');
const NIGHTS = parseMaintenanceWindows('Mon-Fri 22:00-02:00 Europe/Berlin');
const WEEKEND = parseMaintenanceWindows('Sat 00:00-24:00; Sun 00:00-24:00');

describe('isWithinMaintenance', () => {
  it.each<
    [string, typeof SAT, string | undefined, string | undefined, boolean]
  >([
    ['inside', SAT, '2030-01-05T03:00:00Z', '2030-01-05T04:00:00Z', true],
    [
      'exactly the window',
      SAT,
      '2030-01-05T02:00:00Z',
      '2030-01-05T06:00:00Z',
      true,
    ],
    [
      'running past its end',
      SAT,
      '2030-01-05T05:00:00Z',
      '2030-01-05T07:00:00Z',
      false,
    ],
    [
      'starting before it',
      SAT,
      '2030-01-05T01:00:00Z',
      '2030-01-05T03:00:00Z',
      false,
    ],
    [
      'on another day',
      SAT,
      '2030-01-06T03:00:00Z',
      '2030-01-06T04:00:00Z',
      false,
    ],
    ['a start alone, inside', SAT, '2030-01-05T03:00:00Z', undefined, true],
    [
      'a start alone, at its end',
      SAT,
      '2030-01-05T06:00:00Z',
      undefined,
      false,
    ],
    ['no window', SAT, undefined, undefined, false],
    // Berlin is UTC+1 in January: 22:00-02:00 local is 21:00-01:00 UTC.
    [
      'across midnight in its zone',
      NIGHTS,
      '2030-01-07T21:30:00Z',
      '2030-01-08T00:30:00Z',
      true,
    ],
    [
      'after the local end',
      NIGHTS,
      '2030-01-08T00:30:00Z',
      '2030-01-08T01:30:00Z',
      false,
    ],
    [
      'Friday night into Saturday',
      NIGHTS,
      '2030-01-11T23:00:00Z',
      '2030-01-12T00:30:00Z',
      true,
    ],
    [
      'Saturday night is not a window',
      NIGHTS,
      '2030-01-12T22:00:00Z',
      '2030-01-12T23:00:00Z',
      false,
    ],
    // Summer time: UTC+2, so 22:00 local is 20:00 UTC.
    [
      'in summer time',
      NIGHTS,
      '2030-07-01T20:30:00Z',
      '2030-07-01T21:00:00Z',
      true,
    ],
    [
      'windows that meet count as one',
      WEEKEND,
      '2030-01-05T20:00:00Z',
      '2030-01-06T04:00:00Z',
      true,
    ],
  ])('%s', (_, windows, start, end, inside) => {
    expect(isWithinMaintenance(windows, start, end)).toBe(inside);
  });
});

describe('maintenanceOccurrences', () => {
  it('lists the occurrences that overlap a range, with the one begun the night before', () => {
    expect(
      maintenanceOccurrences(
        NIGHTS,
        '2030-01-08T00:00:00Z',
        '2030-01-09T00:00:00Z',
      ),
    ).toEqual([
      {
        start: '2030-01-07T21:00:00.000Z',
        end: '2030-01-08T01:00:00.000Z',
        window: 'Mon-Fri 22:00-02:00 Europe/Berlin',
      },
      {
        start: '2030-01-08T21:00:00.000Z',
        end: '2030-01-09T01:00:00.000Z',
        window: 'Mon-Fri 22:00-02:00 Europe/Berlin',
      },
    ]);
    expect(
      maintenanceOccurrences(
        SAT,
        '2030-01-01T00:00:00Z',
        '2030-01-31T00:00:00Z',
      ),
    ).toHaveLength(4);
    expect(
      maintenanceOccurrences(SAT, 'not a date', '2030-01-31T00:00:00Z'),
    ).toEqual([]);
  });
});

describe('maintenanceWindowsOf', () => {
  const entity = (annotation?: string) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout',
      ...(annotation !== undefined
        ? { annotations: { 'valuestream.io/maintenance-windows': annotation } }
        : {}),
    },
  });
  const configured = {
    byEntity: new Map([['component:default/checkout', NIGHTS]]),
    default: SAT,
  };

  it.each<
    [
      string,
      ReturnType<typeof entity>,
      typeof configured | undefined,
      typeof SAT,
    ]
  >([
    [
      'the annotation first',
      entity('Sat 00:00-24:00; Sun 00:00-24:00'),
      configured,
      WEEKEND,
    ],
    ['then config for the entity', entity(), configured, NIGHTS],
    [
      'then the config default',
      { ...entity(), metadata: { name: 'cart' } },
      configured,
      SAT,
    ],
    ['none without either', entity(), undefined, []],
    [
      'none for an annotation that does not parse',
      entity('whenever'),
      configured,
      [],
    ],
  ])('%s', (_, e, config, expected) => {
    expect(maintenanceWindowsOf(e, config)).toEqual(expected);
  });

  it('is validated with the other annotations', () => {
    expect(validateValueStreamAnnotations(entity('whenever'))).toEqual([
      {
        annotation: 'valuestream.io/maintenance-windows',
        message:
          'component:default/checkout: annotation valuestream.io/maintenance-windows "whenever" is not a list of maintenance windows such as "Sat-Sun 02:00-06:00 Europe/Berlin; Wed 22:00-01:00": "whenever" is not a window like "Sat-Sun 02:00-06:00 Europe/Berlin"',
      },
    ]);
    expect(validateValueStreamAnnotations(entity('Sat 02:00-06:00'))).toEqual(
      [],
    );
  });
});

describe('the maintenance factor of a change risk', () => {
  const risk = (start: string, end: string, windows = SAT) =>
    assessChangeRisk({
      type: 'standard',
      dependentCount: 0,
      production: false,
      recentFailedChanges: 0,
      plannedStart: start,
      plannedEnd: end,
      freezeWindows: [],
      maintenanceWindows: windows,
    });

  it.each<[string, string, string, typeof SAT, number]>([
    [
      'inside a window adds nothing',
      '2030-01-05T03:00:00Z',
      '2030-01-05T04:00:00Z',
      SAT,
      0,
    ],
    [
      'outside raises the risk',
      '2030-01-07T03:00:00Z',
      '2030-01-07T04:00:00Z',
      SAT,
      CHANGE_RISK_WEIGHTS.outsideMaintenance,
    ],
    [
      'no declared windows adds nothing',
      '2030-01-07T03:00:00Z',
      '2030-01-07T04:00:00Z',
      [],
      0,
    ],
  ])('%s', (_, start, end, windows, score) => {
    expect(risk(start, end, windows).score).toBe(score);
  });

  it('explains the factor with the windows', () => {
    expect(
      risk('2030-01-07T03:00:00Z', '2030-01-07T04:00:00Z').factors,
    ).toEqual([
      {
        id: 'outside-maintenance',
        points: CHANGE_RISK_WEIGHTS.outsideMaintenance,
        reason: 'outside the maintenance windows: Sat 02:00-06:00',
      },
    ]);
  });
});
