import { evaluateSlaBreach } from './slaClock';
import type { IncidentRecord, ServiceLevelRecord } from './types';
import type { ServiceLevelAttainment } from './readModels';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * The fields of an incident that attainment reads, so that a caller can keep
 * just these (e.g. in a stored read model).
 * @public
 */
export type AttainmentIncident = Pick<
  IncidentRecord,
  'createdAt' | 'updatedAt' | 'priority' | 'state' | 'resolvedAt' | 'sla'
>;

/**
 * The part of an incident that {@link computeAttainment} reads.
 * @public
 */
export function attainmentIncidentOf(
  incident: IncidentRecord,
): AttainmentIncident {
  const { createdAt, updatedAt, priority, state, resolvedAt, sla } = incident;
  return resolvedAt === undefined
    ? { createdAt, updatedAt, priority, state, sla }
    : { createdAt, updatedAt, priority, state, resolvedAt, sla };
}

/**
 * Options of {@link computeAttainment}.
 * @public
 */
export interface AttainmentOptions {
  /** End of the window, ISO. */
  now: string;
  /** Length of the window in days, e.g. 30. */
  windowDays: number;
}

function round(value: number, digits: number) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Total length of a set of intervals, counting overlaps once. */
function unionLength(spans: Array<[number, number]>): number {
  let total = 0;
  let end = -Infinity;
  for (const [s, e] of [...spans].sort((a, b) => a[0] - b[0])) {
    const from = Math.max(s, end);
    if (e > from) {
      total += e - from;
    }
    end = Math.max(end, e);
  }
  return total;
}

function share(met: number, decided: number) {
  return decided === 0 ? 100 : round((100 * met) / decided, 2);
}

/**
 * How well a service level was met over the window ending `now`.
 *
 * Availability counts P1 and P2 incidents as outages from opening to
 * resolution (or `now` while open), clipped to the window, overlaps once.
 * Response and resolution attainment are the shares of incidents opened in
 * the window that met their due times, among those already decided (met, or
 * overdue); an incident's own clock is used when it has one, else the
 * service level's targets from its opening. Error budget remaining is the
 * unused share of the downtime the availability target allows.
 * @public
 */
export function computeAttainment(
  serviceLevel: ServiceLevelRecord,
  incidents: readonly AttainmentIncident[],
  options: AttainmentOptions,
): ServiceLevelAttainment {
  const { windowDays } = options;
  if (!(windowDays > 0)) {
    throw new RangeError(`windowDays must be positive, got ${windowDays}`);
  }
  const end = Date.parse(options.now);
  const start = end - windowDays * DAY;
  const windowMs = end - start;

  const outages: Array<[number, number]> = [];
  let responseMet = 0;
  let responseDecided = 0;
  let resolutionMet = 0;
  let resolutionDecided = 0;
  let breaches = 0;

  for (const incident of incidents) {
    const opened = Date.parse(incident.createdAt);
    if (incident.priority === 'P1' || incident.priority === 'P2') {
      // A closed incident without resolvedAt ended when it was last touched.
      const closedAt =
        incident.resolvedAt ??
        (incident.state === 'closed' ? incident.updatedAt : undefined);
      const s = Math.max(opened, start);
      const e = Math.min(closedAt ? Date.parse(closedAt) : end, end);
      if (e > s) {
        outages.push([s, e]);
      }
    }

    if (opened < start || opened > end) {
      continue;
    }
    const target = serviceLevel.targets[incident.priority];
    const clock = evaluateSlaBreach(
      {
        ...incident.sla,
        responseDueAt:
          incident.sla.responseDueAt ??
          new Date(opened + target.responseMinutes * MINUTE).toISOString(),
        resolutionDueAt:
          incident.sla.resolutionDueAt ??
          new Date(opened + target.resolutionMinutes * MINUTE).toISOString(),
      },
      options.now,
      incident.resolvedAt,
    );
    if (clock.respondedAt || clock.responseBreached) {
      responseDecided++;
      responseMet += clock.responseBreached ? 0 : 1;
    }
    if (incident.resolvedAt || clock.resolutionBreached) {
      resolutionDecided++;
      resolutionMet += clock.resolutionBreached ? 0 : 1;
    }
    if (clock.responseBreached || clock.resolutionBreached) {
      breaches++;
    }
  }

  const downtime = unionLength(outages);
  const allowed = (windowMs * (100 - serviceLevel.availabilityTarget)) / 100;
  let errorBudgetRemaining: number;
  if (allowed > 0) {
    errorBudgetRemaining = round((100 * (allowed - downtime)) / allowed, 2);
  } else {
    errorBudgetRemaining = downtime > 0 ? -100 : 100;
  }

  return {
    serviceLevel,
    windowDays,
    availability: round(100 * (1 - downtime / windowMs), 4),
    responseAttainment: share(responseMet, responseDecided),
    resolutionAttainment: share(resolutionMet, resolutionDecided),
    breaches,
    errorBudgetRemaining,
  };
}
