import { z } from 'zod';
import type {
  IngestItemResult,
  IngestOutcome,
  IngestResult,
} from '../../ingest/ports';

/*
 * The response of the ingest routes, which only the backend knows, for the
 * OpenAPI document. The compiler holds it to IngestResult both ways.
 */

const outcome = z.enum([
  'recorded',
  'unmatched',
  'ignored',
  'duplicate',
  'incident-opened',
  'incident-linked',
  'incident-reopened',
  'incident-resolved',
  'incident-kept-open',
  'incident-updated',
  'incident-unchanged',
  'deployment-created',
  'deployment-updated',
  'deployment-unchanged',
  'release-created',
  'release-updated',
  'release-unchanged',
]);

const item = z.object({
  key: z.string().optional().meta({
    description: 'The idempotency key; absent for ignored events',
  }),
  eventId: z.string().optional(),
  entityRef: z.string().nullable(),
  duplicate: z
    .boolean()
    .meta({ description: 'True when the event had been stored before' }),
  outcome,
  incidentId: z.string().optional(),
  deploymentId: z.string().optional(),
  unauthorized: z.boolean().optional().meta({
    description:
      'True when the deployment is a production deployment that no authorized change covers; it is flagged and an event of type change.unauthorized-deployment is recorded on its entity',
  }),
  releaseId: z.string().optional(),
  reason: z.string().optional().meta({
    description:
      'Why, for outcomes that need a reason (unmatched, ignored, kept open)',
  }),
});

/** The body the ingest routes answer with. */
export const ingestResultSchema = z.object({
  source: z.enum(['alertmanager', 'github', 'pagerduty']),
  items: z.array(item),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: [
  Same<z.output<typeof outcome>, IngestOutcome>,
  Same<z.output<typeof item>, IngestItemResult>,
  Same<z.output<typeof ingestResultSchema>, IngestResult>,
] = [true, true, true];
void checks;
