/*
 * The event a production deployment's authorization verdict leaves on its
 * service, written in the same transaction as the deployment: a deployment
 * is never flagged without its event.
 */
import { UNAUTHORIZED_DEPLOYMENT_EVENT_TYPE } from '@valuestream/plugin-value-stream-common';
import { Knex } from 'knex';
import { eventRow, upsertEventRows } from './eventRows';
import { Row, toIso } from './records';
import type { NewEvent } from './types';

/** At most this much of the reason goes into the event's summary. */
const SUMMARY_LENGTH = 500;

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/**
 * The event of a deployment's flag: firing while the deployment is
 * unauthorized, resolved once an edit made it authorized. One event per
 * deployment, keyed by its id and its creation (source `portal`, the
 * suite's own events; `labels.type` names what it is).
 */
function unauthorizedDeploymentEvent(
  deployment: Row & { id: string; createdAt: string },
  at: string,
): NewEvent {
  const unauthorized = Boolean(deployment.unauthorized);
  const what = `deployment of ${String(deployment.deployedVersion)} to ${String(
    deployment.environment,
  )}`;
  const reason = deployment.unauthorizedReason
    ? String(deployment.unauthorizedReason)
    : '';
  return {
    entityRef: String(deployment.entityRef),
    source: 'portal',
    fingerprint: `${UNAUTHORIZED_DEPLOYMENT_EVENT_TYPE}:${deployment.id}`,
    severity: 'warning',
    status: unauthorized ? 'firing' : 'resolved',
    summary: truncate(
      unauthorized
        ? `Unauthorized ${what}${reason ? `: ${reason}` : ''}`
        : `The ${what} is no longer unauthorized: its production flag or time was corrected`,
      SUMMARY_LENGTH,
    ),
    labels: {
      type: UNAUTHORIZED_DEPLOYMENT_EVENT_TYPE,
      deployment: deployment.id,
      environment: String(deployment.environment),
      version: String(deployment.deployedVersion),
    },
    startsAt: toIso(deployment.createdAt),
    ...(unauthorized ? {} : { endsAt: at }),
    receivedAt: at,
  };
}

/**
 * Writes the event of a deployment whose flag was set, changed its reason
 * or was cleared by this write; nothing when the flag is off and was off.
 */
export async function writeAuthorizationEvent(
  trx: Knex.Transaction,
  id: string,
  current: Row | undefined,
  next: Row,
  at: string,
): Promise<void> {
  const was = Boolean(current?.unauthorized);
  const is = Boolean(next.unauthorized);
  if (
    (!was && !is) ||
    (was && is && current?.unauthorizedReason === next.unauthorizedReason)
  ) {
    return;
  }
  const createdAt = String(current?.createdAt ?? at);
  await upsertEventRows(trx, [
    eventRow(unauthorizedDeploymentEvent({ ...next, id, createdAt }, at), at),
  ]);
}
