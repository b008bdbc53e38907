import { InputError } from '@backstage/errors';
import {
  DeploymentRecord,
  ReleaseRecord,
  parseOrThrow,
} from '@valuestream/plugin-value-stream-common';
import {
  IngestEntity,
  IngestEventInput,
  eventIdempotencyKey,
  githubDeploymentEventSchema,
  githubDeploymentStatusEventSchema,
  githubDeploymentToEvent,
  githubDeploymentToRecord,
  githubReleaseEventSchema,
  githubReleaseToEvent,
  githubReleaseToRecord,
  nextReleaseState,
  normalizeIngestRef,
  selectGithubEntity,
  shouldApplyDeploymentState,
  INGEST_ACTORS,
} from './mappers';
import type {
  GithubIngestOptions,
  IngestDeploymentInput,
  IngestItemResult,
  IngestPorts,
  IngestReleaseInput,
  IngestResult,
} from './ports';

/** One GitHub webhook delivery. */
export interface GithubDelivery {
  /** The `X-GitHub-Event` header. */
  event: string | undefined;
  /** The `X-GitHub-Delivery` header. */
  deliveryId: string | undefined;
  /** The parsed JSON body (its signature checked on the raw bytes before). */
  payload: unknown;
}

interface Context {
  deps: IngestPorts;
  deliveryId: string;
  now: string;
  actor: string;
  options: GithubIngestOptions;
}

function refOf(entity: IngestEntity | undefined): string | null {
  if (!entity) {
    return null;
  }
  return (
    normalizeIngestRef(entity.entityRef) ??
    entity.entityRef.toLocaleLowerCase('en-US')
  );
}

function unmatchedReason(repository: string, candidates: IngestEntity[]) {
  return candidates.length
    ? `several entities have github.com/project-slug ${repository}; name one in the deployment payload (backstage_entity) or prefix tags with the entity name`
    : `no entity has github.com/project-slug ${repository}`;
}

/**
 * Stores the delivery as an event of the entity whose project slug is the
 * repository (`hint` picks one of several); without one, the delivery's
 * result is `unmatched`.
 */
async function recordDelivery(
  ctx: Context,
  repository: string,
  hint: Parameters<typeof selectGithubEntity>[1],
  event: IngestEventInput,
): Promise<
  | { entityRef: string; base: Omit<IngestItemResult, 'outcome'> }
  | { entityRef: null; unmatched: IngestItemResult }
> {
  const candidates = await ctx.deps.entitiesForGithubRepo(repository);
  const entityRef = refOf(selectGithubEntity(candidates, hint));
  const key = eventIdempotencyKey({
    source: 'github',
    deliveryId: ctx.deliveryId,
  });
  const { event: stored, created } = await ctx.deps.recordEvent(
    { ...event, entityRef },
    key,
  );
  const base = { key, eventId: stored.id, entityRef, duplicate: !created };
  if (!entityRef) {
    return {
      entityRef: null,
      unmatched: {
        ...base,
        outcome: 'unmatched',
        reason: unmatchedReason(repository, candidates),
      },
    };
  }
  return { entityRef, base };
}

/** Keys whose values differ between the stored record and the input. */
function differs<T extends object>(stored: T, wanted: Partial<T>): boolean {
  return (Object.keys(wanted) as Array<keyof T>).some(
    k => (stored[k] ?? undefined) !== (wanted[k] ?? undefined),
  );
}

async function processDeployment(
  ctx: Context,
  eventName: 'deployment' | 'deployment_status',
  payload: unknown,
): Promise<IngestItemResult> {
  const { deps } = ctx;
  const parsed =
    eventName === 'deployment'
      ? parseOrThrow(
          githubDeploymentEventSchema,
          payload,
          'GitHub deployment event',
        )
      : parseOrThrow(
          githubDeploymentStatusEventSchema,
          payload,
          'GitHub deployment_status event',
        );
  const mapping = githubDeploymentToRecord(parsed, ctx.options);
  const recorded = await recordDelivery(
    ctx,
    mapping.repository,
    { entityRef: mapping.entityRef, ref: mapping.ref },
    githubDeploymentToEvent(mapping, ctx.deliveryId, ctx.now),
  );
  if (recorded.entityRef === null) {
    return recorded.unmatched;
  }
  const { base, entityRef } = recorded;

  const existing = await deps.findDeploymentByExternalId(mapping.externalId);
  const apply = shouldApplyDeploymentState(existing, mapping);
  if (!existing && !mapping.state) {
    return {
      ...base,
      outcome: 'deployment-unchanged',
      reason: `an ${mapping.githubState} status of a deployment not seen before`,
    };
  }
  const owner = existing?.entityRef ?? entityRef;

  let changeId = existing?.changeId;
  if (!changeId && mapping.changeId) {
    changeId = (await deps.findChange(mapping.changeId))?.id;
  }
  if (!changeId && mapping.production) {
    changeId = (await deps.findAuthorizedChangeFor(owner, mapping.startedAt))
      ?.id;
  }
  let releaseId = existing?.releaseId;
  if (!releaseId) {
    const tag = mapping.ref.replace(/^refs\/tags\//, '');
    releaseId = (await deps.findReleaseForTag(owner, tag))?.id;
  }

  const fields: Omit<
    IngestDeploymentInput,
    'externalId' | 'entityRef' | 'expectedVersion' | 'at' | 'actor' | 'note'
  > = {
    environment: mapping.environment,
    production: mapping.production,
    deployedVersion: mapping.deployedVersion,
    state: apply ? mapping.state! : existing!.state,
    startedAt: existing?.startedAt ?? mapping.startedAt,
    finishedAt: apply ? mapping.finishedAt : existing?.finishedAt,
    gitSha: mapping.gitSha,
    url: apply || !existing?.url ? mapping.url : existing.url,
    changeId,
    releaseId,
  };
  if (existing && !differs<DeploymentRecord>(existing, fields)) {
    return {
      ...base,
      outcome: 'deployment-unchanged',
      deploymentId: existing.id,
      ...(existing.unauthorized ? { unauthorized: true } : {}),
    };
  }
  const { deployment, created: isNew } =
    await deps.upsertDeploymentByExternalId({
      externalId: mapping.externalId,
      entityRef: owner,
      ...fields,
      ...(existing ? { expectedVersion: existing.version } : {}),
      at: ctx.now,
      actor: ctx.actor,
      note: `GitHub deployment ${mapping.githubState} (${mapping.environment})`,
    });
  return {
    ...base,
    outcome: isNew ? 'deployment-created' : 'deployment-updated',
    deploymentId: deployment.id,
    ...(deployment.unauthorized ? { unauthorized: true } : {}),
  };
}

async function processRelease(
  ctx: Context,
  payload: unknown,
): Promise<IngestItemResult> {
  const { deps } = ctx;
  const parsed = parseOrThrow(
    githubReleaseEventSchema,
    payload,
    'GitHub release event',
  );
  const mapping = githubReleaseToRecord(parsed);
  const recorded = await recordDelivery(
    ctx,
    mapping.repository,
    { ref: mapping.gitTag },
    githubReleaseToEvent(mapping, ctx.deliveryId, ctx.now),
  );
  if (recorded.entityRef === null) {
    return recorded.unmatched;
  }
  const { base, entityRef } = recorded;

  const existing = await deps.findReleaseByExternalId(mapping.externalId);
  if (!existing && mapping.state === 'abandoned') {
    return {
      ...base,
      outcome: 'release-unchanged',
      reason: 'a deleted release not seen before',
    };
  }
  const fields: Omit<
    IngestReleaseInput,
    'externalId' | 'entityRef' | 'expectedVersion' | 'at' | 'actor' | 'note'
  > = {
    releaseVersion: mapping.releaseVersion,
    title: mapping.title,
    state: nextReleaseState(existing?.state, mapping.state),
    gitTag: mapping.gitTag,
    gitSha: mapping.gitSha ?? existing?.gitSha,
    url: mapping.url,
  };
  if (existing && !differs<ReleaseRecord>(existing, fields)) {
    return { ...base, outcome: 'release-unchanged', releaseId: existing.id };
  }
  const { release, created: isNew } = await deps.upsertReleaseByExternalId({
    externalId: mapping.externalId,
    entityRef: existing?.entityRef ?? entityRef,
    ...fields,
    ...(existing ? { expectedVersion: existing.version } : {}),
    at: ctx.now,
    actor: ctx.actor,
    note: `GitHub release ${mapping.action}`,
  });
  return {
    ...base,
    outcome: isNew ? 'release-created' : 'release-updated',
    releaseId: release.id,
  };
}

/**
 * Ingests one GitHub webhook delivery: `deployment` and `deployment_status`
 * events become a deployment record (one per GitHub deployment, its state
 * only moving forward), `release` events a release record; `ping` and other
 * events are acknowledged and ignored. The entity is the one whose
 * `github.com/project-slug` is the repository. Every delivery of these
 * events is stored as an event, idempotent by `X-GitHub-Delivery`;
 * re-processing a delivery applies the same outcome again.
 *
 * Verify `X-Hub-Signature-256` over the raw body before calling this.
 * Throws `InputError` for missing headers or a payload that does not fit
 * its event.
 */
export async function processGithub(
  delivery: GithubDelivery,
  deps: IngestPorts,
  options: GithubIngestOptions = {},
): Promise<IngestResult> {
  const eventName = delivery.event?.trim();
  const deliveryId = delivery.deliveryId?.trim();
  if (!eventName) {
    throw new InputError('Missing X-GitHub-Event header');
  }
  if (!deliveryId) {
    throw new InputError('Missing X-GitHub-Delivery header');
  }
  const ctx: Context = {
    deps,
    deliveryId,
    now: options.now ?? new Date().toISOString(),
    actor: options.actor ?? INGEST_ACTORS.github,
    options,
  };
  let item: IngestItemResult;
  if (eventName === 'deployment' || eventName === 'deployment_status') {
    item = await processDeployment(ctx, eventName, delivery.payload);
  } else if (eventName === 'release') {
    item = await processRelease(ctx, delivery.payload);
  } else {
    item = {
      entityRef: null,
      duplicate: false,
      outcome: 'ignored',
      reason:
        eventName === 'ping'
          ? 'ping'
          : `GitHub ${eventName} events are not ingested; subscribe to Deployments, Deployment statuses and Releases`,
    };
  }
  return { source: 'github', items: [item] };
}
