import { z } from 'zod';
import type { Impact, Priority, Urgency } from './types';
import { IMPACTS, PRIORITIES, URGENCIES } from './types';
import { formatValidationMessage } from './validation';

/**
 * Priority by impact (rows) and urgency (columns).
 * @public
 */
export type PriorityMatrix = Readonly<
  Record<Impact, Readonly<Record<Urgency, Priority>>>
>;

/**
 * The usual ITIL matrix: high impact and high urgency is P1, each step down
 * in either drops a priority, and low-low bottoms out at P4.
 * @public
 */
export const DEFAULT_PRIORITY_MATRIX: PriorityMatrix = {
  high: { high: 'P1', medium: 'P2', low: 'P3' },
  medium: { high: 'P2', medium: 'P3', low: 'P4' },
  low: { high: 'P3', medium: 'P4', low: 'P4' },
};

/**
 * The priority of an incident from its impact and urgency.
 * @public
 */
export function priorityFor(
  impact: Impact,
  urgency: Urgency,
  matrix: PriorityMatrix = DEFAULT_PRIORITY_MATRIX,
): Priority {
  return matrix[impact][urgency];
}

const priority = z.enum(PRIORITIES);
const row = z
  .object({
    high: priority.optional(),
    medium: priority.optional(),
    low: priority.optional(),
  })
  .strict();
const partialMatrix = z
  .object({
    high: row.optional(),
    medium: row.optional(),
    low: row.optional(),
  })
  .strict();

/**
 * Reads a priority matrix from config (`valueStream.priorityMatrix`), where
 * an adopter overrides only the cells they disagree with. Absent cells keep
 * the default; an unknown impact, urgency or priority throws naming it.
 * @public
 */
export function readPriorityMatrix(value: unknown): PriorityMatrix {
  if (value === undefined || value === null) {
    return DEFAULT_PRIORITY_MATRIX;
  }
  const result = partialMatrix.safeParse(value);
  if (!result.success) {
    throw new TypeError(
      formatValidationMessage('priority matrix', result.error),
    );
  }
  const matrix = {} as Record<Impact, Record<Urgency, Priority>>;
  for (const impact of IMPACTS) {
    matrix[impact] = { ...DEFAULT_PRIORITY_MATRIX[impact] };
    for (const urgency of URGENCIES) {
      const cell = result.data[impact]?.[urgency];
      if (cell) {
        matrix[impact][urgency] = cell;
      }
    }
  }
  return matrix;
}
