/*
 * The two responses that are pasted together from stored JSON rather than
 * built as objects and serialized by express: the entity summary and the
 * board items. The summary's is kept for a performance target: its p95 must
 * stay within 1.5x of the catalog's by-name lookup on PostgreSQL, and was at
 * about 1.5x already, a request costing about 1.1 ms of backend CPU.
 *
 * `bench/summary-serialize.mjs`, a service with 500 records (158 KiB
 * stored), CPU per response on the 2-core development machine: the splice
 * 615-635 us; built as an object from documents kept parsed 746-752 us
 * (+110-137 us, 10-12% of a request); parsed at every read 931 us
 * (+300 us, 27-29%). The board item follows the stored `board_item` the same way; it
 * is not measured separately.
 *
 * Everything else the backend answers is built as objects.
 */
import {
  AttainmentIncident,
  computeAttainment,
  EntitySummary,
  ServiceLevelRecord,
} from '@valuestream/plugin-value-stream-common';
import type { EntityStage } from '../database/types';

/** The window over which service level attainment is measured. */
export const ATTAINMENT_WINDOW_DAYS = 30;
const DAY = 86_400_000;

/**
 * A summary as it is built: everything but what depends on the time of the
 * read. Attainment slides with the window, so the incidents it reads are
 * kept and it is computed at every read.
 */
export interface SummaryDocument
  extends Omit<EntitySummary, 'entityRef' | 'stageSince' | 'serviceLevels'> {
  serviceLevels: ServiceLevelRecord[];
  /** Incidents opened in the window as it was when the document was built. */
  windowIncidents: AttainmentIncident[];
}

/** The part of a stored document that each read parses. */
type AttainmentInputs = Pick<
  SummaryDocument,
  'stage' | 'serviceLevels' | 'windowIncidents'
>;

/**
 * A document as the read model stores it: two lines of JSON. The first,
 * what the read computes from (stage and attainment inputs), is parsed at
 * each read; the second, the rest of the answer, is pasted into it as is.
 */
export function serializeSummary(document: SummaryDocument): string {
  const { stage, serviceLevels, windowIncidents, ...rest } = document;
  const inputs: AttainmentInputs = { stage, serviceLevels, windowIncidents };
  return `${JSON.stringify(inputs)}\n${JSON.stringify(rest)}`;
}

/** The summary, as JSON, of a stored document at the time `now`. */
export function presentSummary(
  entityRef: string,
  stored: string,
  stage: EntityStage | undefined,
  now: Date,
): string {
  const newline = stored.indexOf('\n');
  const inputs: AttainmentInputs = JSON.parse(stored.slice(0, newline));
  const rest = stored.slice(newline + 1);
  const windowStart = now.getTime() - ATTAINMENT_WINDOW_DAYS * DAY;
  const inWindow = inputs.windowIncidents.filter(
    incident => Date.parse(incident.createdAt) >= windowStart,
  );
  const head: Pick<
    EntitySummary,
    'entityRef' | 'stage' | 'stageSince' | 'serviceLevels'
  > = {
    entityRef,
    stage: inputs.stage,
    // The recorded entry time holds only while the stage is unchanged.
    ...(stage && stage.stage === inputs.stage
      ? { stageSince: stage.since }
      : {}),
    serviceLevels: inputs.serviceLevels.map(serviceLevel =>
      computeAttainment(serviceLevel, inWindow, {
        now: now.toISOString(),
        windowDays: ATTAINMENT_WINDOW_DAYS,
      }),
    ),
  };
  const json = JSON.stringify(head);
  return rest === '{}' ? json : `${json.slice(0, -1)},${rest.slice(1)}`;
}

/**
 * A board item as JSON: the stored item (its catalog facts and stage, an
 * object serialized when the stage was recorded) with the open counts of
 * now appended in place of its closing brace.
 */
export function boardItemWithCounts(
  storedItem: string,
  counts: object,
): string {
  return `${storedItem.slice(0, -1)},${JSON.stringify(counts).slice(1)}`;
}
