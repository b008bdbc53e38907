import { useApi } from '@backstage/core-plugin-api';
import {
  type ChangeRecord,
  type FreezeWindow,
  MAX_CALENDAR_DAYS,
  overlappingFreezes,
} from '@valuestream/plugin-value-stream-common';
import useAsync from 'react-use/esm/useAsync';
import { valueStreamApiRef } from '../api';

const MINUTE = 60_000;

/**
 * The change freezes that a change's planned window overlaps as configured
 * now, which is what scheduling checks. The stored risk only knows the
 * freezes of when the change was scored, so a freeze declared later would
 * be missed. Undefined while loading, or when the calendar cannot be read.
 */
export function useFreezesOver(
  change: Pick<ChangeRecord, 'plannedStart' | 'plannedEnd'>,
): FreezeWindow[] | undefined {
  const api = useApi(valueStreamApiRef);
  const { plannedStart, plannedEnd } = change;
  const { value } = useAsync(async () => {
    if (!plannedStart) {
      return [];
    }
    const start = Date.parse(plannedStart);
    const end = plannedEnd ? Date.parse(plannedEnd) : start + MINUTE;
    // The calendar reads at most MAX_CALENDAR_DAYS: a longer window is
    // judged on its first days (and the stored risk still names the rest).
    const to = Math.min(
      Math.max(end, start + MINUTE),
      start + MAX_CALENDAR_DAYS * 86_400_000,
    );
    const windows = await api.getChangeCalendar({
      from: new Date(start).toISOString(),
      to: new Date(to).toISOString(),
    });
    return overlappingFreezes(windows.freezeWindows, plannedStart, plannedEnd);
  }, [api, plannedStart, plannedEnd]);
  return value;
}
