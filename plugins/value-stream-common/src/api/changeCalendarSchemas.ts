import { z } from 'zod';
import { dateBoundSchema, parseDateTime } from '../inputRules';
import type { FreezeWindow } from '../changeRisk';
import type { MaintenanceOccurrence } from '../maintenanceWindows';
import {
  dateTime,
  entityRef,
  responseSchemaRegistry,
  same,
} from './responseSchemas';

/*
 * The change calendar's windows: the freezes and the maintenance windows of
 * the services whose changes it shows, over the days it shows.
 */

/** The most days one calendar request spans (a month view is 42). @public */
export const MAX_CALENDAR_DAYS = 100;
/** The most entities whose maintenance windows one request lists. @public */
export const MAX_CALENDAR_ENTITIES = 100;

const isoTime = dateBoundSchema.transform(v =>
  new Date(parseDateTime(v.length === 10 ? `${v}T00:00:00Z` : v)).toISOString(),
);

/**
 * Query of `GET /change-calendar`.
 * @public
 */
export const changeCalendarQuerySchema = z
  .object({
    from: isoTime.describe('Start of the range'),
    to: isoTime.describe(
      `End of the range (exclusive), at most ${MAX_CALENDAR_DAYS} days after from`,
    ),
    entityRef: z
      .string()
      .trim()
      .optional()
      .transform(v =>
        (v ?? '')
          .split(',')
          .map(ref => ref.trim().toLocaleLowerCase('en-US'))
          .filter(Boolean),
      )
      .describe(
        `Comma list of the entity refs whose maintenance windows to list, at most ${MAX_CALENDAR_ENTITIES}`,
      ),
  })
  .strict()
  .refine(q => Date.parse(q.from) < Date.parse(q.to), {
    message: 'Must be after from',
    path: ['to'],
  })
  .refine(
    q =>
      Date.parse(q.to) - Date.parse(q.from) <= MAX_CALENDAR_DAYS * 86_400_000,
    { message: `Spans at most ${MAX_CALENDAR_DAYS} days`, path: ['to'] },
  )
  .refine(q => q.entityRef.length <= MAX_CALENDAR_ENTITIES, {
    message: `Names at most ${MAX_CALENDAR_ENTITIES} entities`,
    path: ['entityRef'],
  });

/**
 * The query of the change calendar, as the client sends it.
 * @public
 */
export interface ChangeCalendarQuery {
  from: string;
  to: string;
  /** Entities whose maintenance windows to list. */
  entityRefs?: string[];
}

/**
 * The maintenance windows of one entity over a calendar's range.
 * @public
 */
export interface EntityMaintenance {
  entityRef: string;
  /** The windows as declared (annotation or config). */
  windows: string[];
  occurrences: MaintenanceOccurrence[];
}

/**
 * What the change calendar draws besides the changes: the freeze windows
 * and the maintenance windows that overlap its range.
 * @public
 */
export interface ChangeCalendarWindows {
  from: string;
  to: string;
  freezeWindows: FreezeWindow[];
  /** Entities that declare maintenance windows, among those asked for. */
  maintenance: EntityMaintenance[];
}

const freezeWindow = z
  .object({ start: dateTime, end: dateTime, reason: z.string() })
  .register(responseSchemaRegistry, { id: 'FreezeWindow' });

const occurrence = z.object({
  start: dateTime,
  end: dateTime,
  window: z.string(),
});

const entityMaintenance = z
  .object({
    entityRef,
    windows: z.array(z.string()),
    occurrences: z.array(occurrence),
  })
  .register(responseSchemaRegistry, { id: 'EntityMaintenance' });

export const changeCalendarWindows = z
  .object({
    from: dateTime,
    to: dateTime,
    freezeWindows: z.array(freezeWindow),
    maintenance: z.array(entityMaintenance),
  })
  .register(responseSchemaRegistry, { id: 'ChangeCalendarWindows' });

same<z.output<typeof freezeWindow>, FreezeWindow>(true);
same<z.output<typeof occurrence>, MaintenanceOccurrence>(true);
same<z.output<typeof entityMaintenance>, EntityMaintenance>(true);
same<z.output<typeof changeCalendarWindows>, ChangeCalendarWindows>(true);
