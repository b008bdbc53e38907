import { DateTime, Interval } from 'luxon';
import type {
  ChangeCalendarWindows,
  ChangeRecord,
  FreezeWindow,
} from '@valuestream/plugin-value-stream-common';

/**
 * The collisions among the shown changes: for each change, the titles of
 * the changes it collides with, from the conflicts stored on either side
 * (a conflict found when one of the two was written marks both).
 */
export function collisionsOf(
  changes: ReadonlyArray<Pick<ChangeRecord, 'id' | 'title' | 'conflicts'>>,
): Map<string, string[]> {
  const titles = new Map(changes.map(c => [c.id, c.title]));
  const pairs = new Map<string, Map<string, string>>();
  const add = (id: string, otherId: string, otherTitle: string) => {
    if (!pairs.has(id)) {
      pairs.set(id, new Map());
    }
    pairs.get(id)!.set(otherId, otherTitle);
  };
  for (const change of changes) {
    for (const conflict of change.conflicts ?? []) {
      add(change.id, conflict.changeId, conflict.title);
      if (titles.has(conflict.changeId)) {
        add(conflict.changeId, change.id, change.title);
      }
    }
  }
  return new Map(
    [...pairs].map(([id, others]) => [id, [...others.values()].sort()]),
  );
}

function intervalOf(start: string, end: string): Interval {
  return Interval.fromDateTimes(DateTime.fromISO(start), DateTime.fromISO(end));
}

/** The freezes that cover part of a day. */
export function freezesOn(
  windows: ChangeCalendarWindows | undefined,
  day: Interval,
): FreezeWindow[] {
  return (windows?.freezeWindows ?? []).filter(f =>
    intervalOf(f.start, f.end).overlaps(day),
  );
}

/** A maintenance slot of a day: its local times and the services that have it. */
export interface MaintenanceSlot {
  time: string;
  entityRefs: string[];
}

/** The maintenance windows that cover part of a day, one slot per time range. */
export function maintenanceOn(
  windows: ChangeCalendarWindows | undefined,
  day: Interval,
): MaintenanceSlot[] {
  const slots = new Map<string, Set<string>>();
  for (const entity of windows?.maintenance ?? []) {
    for (const occurrence of entity.occurrences) {
      const span = intervalOf(occurrence.start, occurrence.end);
      if (!span.overlaps(day)) {
        continue;
      }
      const time = `${span.start!.toFormat('HH:mm')}–${span.end!.toFormat(
        'HH:mm',
      )}`;
      if (!slots.has(time)) {
        slots.set(time, new Set());
      }
      slots.get(time)!.add(entity.entityRef);
    }
  }
  return [...slots]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([time, refs]) => ({ time, entityRefs: [...refs].sort() }));
}

/** `component:default/checkout` as `checkout`. */
export function shortRef(ref: string): string {
  return ref.slice(ref.indexOf('/') + 1);
}
