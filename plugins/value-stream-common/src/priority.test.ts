import {
  DEFAULT_PRIORITY_MATRIX,
  priorityFor,
  readPriorityMatrix,
} from './priority';
import type { Impact, Priority, Urgency } from './types';
import { IMPACTS, URGENCIES } from './types';

describe('priorityFor', () => {
  it.each<[Impact, Urgency, Priority]>([
    ['high', 'high', 'P1'],
    ['high', 'medium', 'P2'],
    ['high', 'low', 'P3'],
    ['medium', 'high', 'P2'],
    ['medium', 'medium', 'P3'],
    ['medium', 'low', 'P4'],
    ['low', 'high', 'P3'],
    ['low', 'medium', 'P4'],
    ['low', 'low', 'P4'],
  ])('impact %s, urgency %s is %s', (impact, urgency, expected) => {
    expect(priorityFor(impact, urgency)).toBe(expected);
  });

  it('uses a given matrix', () => {
    const matrix = readPriorityMatrix({ low: { low: 'P3' } });
    expect(priorityFor('low', 'low', matrix)).toBe('P3');
  });

  it('is symmetric by default', () => {
    for (const i of IMPACTS) {
      for (const u of URGENCIES) {
        expect(DEFAULT_PRIORITY_MATRIX[i][u]).toBe(
          DEFAULT_PRIORITY_MATRIX[u][i],
        );
      }
    }
  });
});

describe('readPriorityMatrix', () => {
  it.each([[undefined], [null], [{}]])('gives the default for %j', value => {
    expect(readPriorityMatrix(value)).toEqual(DEFAULT_PRIORITY_MATRIX);
  });

  it.each([
    [{ high: { low: 'P2' } }, 'high', 'low', 'P2'],
    [{ medium: { medium: 'P2' }, low: { high: 'P2' } }, 'low', 'high', 'P2'],
    [{ medium: {} }, 'medium', 'low', 'P4'],
  ] as const)('overrides %j', (value, impact, urgency, expected) => {
    const matrix = readPriorityMatrix(value);
    expect(matrix[impact][urgency]).toBe(expected);
    // Untouched cells keep the default.
    expect(matrix.high.high).toBe('P1');
  });

  it('does not change the default', () => {
    readPriorityMatrix({ high: { high: 'P4' } });
    expect(DEFAULT_PRIORITY_MATRIX.high.high).toBe('P1');
  });

  it.each([
    [
      { critical: { high: 'P1' } },
      'Invalid priority matrix: critical: Unknown field',
    ],
    [
      { high: { urgent: 'P1' } },
      'Invalid priority matrix: high.urgent: Unknown field',
    ],
    [
      { high: { high: 'P0' } },
      'Invalid priority matrix: high.high: Invalid option: expected one of "P1"|"P2"|"P3"|"P4"',
    ],
    [
      'P1',
      'Invalid priority matrix: (root): Invalid input: expected object, received string',
    ],
  ])('rejects %j', (value, message) => {
    expect(() => readPriorityMatrix(value)).toThrow(message);
  });
});
