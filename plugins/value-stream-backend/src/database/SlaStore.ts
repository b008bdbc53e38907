/*
 * SLA support: the incidents whose targets fall due, and their breach flags.
 */
import type { IncidentRecord } from '@valuestream/plugin-value-stream-common';
import { hydrate } from './recordRows';
import {
  INCIDENT_SPEC,
  isUuid,
  parseTimestamp,
  recordToColumns,
  Row,
  rowToRecord,
  toNumber,
} from './records';
import { checkLimit, StoreBase } from './StoreBase';
import { touchEntities } from './touchEntities';
import type { IncidentBreach } from './types';

/** SLA breach bookkeeping of incidents. */
export class SlaStore extends StoreBase {
  /**
   * Open, unpaused incidents with a response or resolution target that is
   * due at or before `now` and not yet flagged, earliest due first.
   */
  async listIncidentsDue(options: {
    now: string;
    limit: number;
  }): Promise<IncidentRecord[]> {
    const { now, limit } = options;
    const rows = (await this.db('vs_incidents')
      .where('sla_next_due_at', '<=', parseTimestamp(now, 'now'))
      .orderBy([
        { column: 'sla_next_due_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(checkLimit(limit))) as Row[];
    return hydrate<IncidentRecord>(this.db, INCIDENT_SPEC, rows);
  }

  /**
   * Sets breach flags (never clears them), bumping version and updatedAt of
   * the incidents that changed. Returns the ids that changed.
   */
  async markBreaches(
    breaches: IncidentBreach[],
    options: { at: string },
  ): Promise<string[]> {
    const { at } = options;
    const time = parseTimestamp(at, 'breach time');
    const wanted = breaches.filter(
      b => isUuid(b.id) && (b.responseBreached || b.resolutionBreached),
    );
    if (wanted.length === 0) {
      return [];
    }
    return this.db.transaction(async trx => {
      const changed: string[] = [];
      const touched: unknown[] = [];
      for (const breach of wanted) {
        const row = await trx('vs_incidents').where('id', breach.id).first();
        if (!row) {
          continue;
        }
        const record = rowToRecord(INCIDENT_SPEC, row);
        const sla = { ...(record.sla as IncidentRecord['sla']) };
        const before = [sla.responseBreached, sla.resolutionBreached];
        sla.responseBreached =
          sla.responseBreached || !!breach.responseBreached;
        sla.resolutionBreached =
          sla.resolutionBreached || !!breach.resolutionBreached;
        if (
          before[0] === sla.responseBreached &&
          before[1] === sla.resolutionBreached
        ) {
          continue;
        }
        const columns = recordToColumns(INCIDENT_SPEC, { ...record, sla });
        const updated = await trx('vs_incidents')
          .where({ id: breach.id, version: row.version })
          .update({
            response_breached: columns.response_breached,
            resolution_breached: columns.resolution_breached,
            sla_next_due_at: columns.sla_next_due_at,
            updated_at: time,
            version: toNumber(row.version) + 1,
          });
        if (updated === 1) {
          changed.push(breach.id);
          touched.push(row.entity_ref);
        }
      }
      await touchEntities(trx, touched);
      return changed;
    });
  }
}
