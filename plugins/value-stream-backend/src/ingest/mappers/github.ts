import {
  isProductionEnvironment,
  type DeploymentRecord,
  type DeploymentState,
  type ReleaseState,
} from '@valuestream/plugin-value-stream-common';
import { truncate } from './incidents';
import { IngestEventInput } from './keys';
import type {
  GithubDeploymentEvent,
  GithubDeploymentStatusEvent,
  GithubDeploymentStatusState,
  GithubReleaseEvent,
} from './schemas';

/**
 * Options of the GitHub mappers.
 */
export interface GithubMappingOptions {
  /**
   * Environment names that count as production (case-insensitive), from
   * `valueStream.productionEnvironments`. Without it,
   * `isProductionEnvironment` decides. A deployment GitHub marks
   * `production_environment: true` is production either way.
   */
  productionEnvironments?: readonly string[];
}

/**
 * A GitHub deployment (from a `deployment` or `deployment_status` event) as
 * the fields of a deployment record, plus what links it to an entity and a
 * change.
 */
export interface GithubDeploymentMapping {
  /** `github:deployment:<id>`; the same for the deployment and all its statuses. */
  externalId: string;
  /** `owner/repo`. */
  repository: string;
  environment: string;
  production: boolean;
  /** The tag or branch deployed, or the short SHA when a SHA was deployed. */
  deployedVersion: string;
  /**
   * The state the event reports; undefined for `inactive`, which only says
   * a newer deployment replaced this one.
   */
  state?: DeploymentState;
  /** The GitHub status's state, or `created` for the deployment event. */
  githubState: GithubDeploymentStatusState | 'created';
  /** When GitHub recorded the status (or the deployment). */
  at: string;
  startedAt: string;
  /** Set for success, failure and error. */
  finishedAt?: string;
  gitSha: string;
  /** The ref as GitHub sent it. */
  ref: string;
  url: string;
  /** A change id the deployment's creator set in `payload.changeId` or `payload.change_id`. */
  changeId?: string;
  /** An entity ref the creator set in `payload.backstage_entity` or `payload.entityRef`. */
  entityRef?: string;
}

const STATUS_STATES: Record<
  GithubDeploymentStatusState,
  DeploymentState | undefined
> = {
  queued: 'pending',
  pending: 'pending',
  in_progress: 'in_progress',
  success: 'success',
  failure: 'failure',
  error: 'failure',
  inactive: undefined,
};

function payloadString(
  payload: GithubDeploymentEvent['deployment']['payload'],
  ...keys: string[]
): string | undefined {
  if (!payload || typeof payload !== 'object') {
    return undefined;
  }
  for (const key of keys) {
    const value = payload[key];
    if (typeof value === 'string' && value.trim()) {
      return value.trim();
    }
  }
  return undefined;
}

function isStatusEvent(
  event: GithubDeploymentEvent | GithubDeploymentStatusEvent,
): event is GithubDeploymentStatusEvent {
  return (
    typeof event.deployment_status === 'object' && !!event.deployment_status
  );
}

function isSha(ref: string): boolean {
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(ref);
}

function shortRef(ref: string): string {
  return ref.replace(/^refs\/(tags|heads)\//, '');
}

/**
 * Whether an environment counts as production.
 */
export function isGithubProductionEnvironment(
  environment: string,
  productionEnvironment: boolean | undefined,
  options: GithubMappingOptions = {},
): boolean {
  if (productionEnvironment === true) {
    return true;
  }
  if (options.productionEnvironments) {
    const name = environment.trim().toLocaleLowerCase('en-US');
    return options.productionEnvironments.some(
      env => env.trim().toLocaleLowerCase('en-US') === name,
    );
  }
  return isProductionEnvironment(environment);
}

/**
 * Maps a GitHub `deployment` event (state pending) or `deployment_status`
 * event to deployment record fields. GitHub's status states map to ours:
 * queued and pending to pending, in_progress to in_progress, success to
 * success, failure and error to failure; inactive changes nothing.
 */
export function githubDeploymentToRecord(
  event: GithubDeploymentEvent | GithubDeploymentStatusEvent,
  options: GithubMappingOptions = {},
): GithubDeploymentMapping {
  const { deployment, repository } = event;
  const status = isStatusEvent(event) ? event.deployment_status : undefined;
  const environment =
    status?.environment?.trim() || deployment.environment.trim();
  const ref = deployment.ref.trim();
  const state = status ? STATUS_STATES[status.state] : 'pending';
  const at = status?.created_at ?? deployment.created_at;
  const finished = state === 'success' || state === 'failure';
  const url =
    [status?.log_url, status?.target_url, status?.environment_url]
      .map(u => u?.trim())
      .find(u => !!u && /^https?:\/\//i.test(u)) ??
    `${repository.html_url.replace(/\/$/, '')}/deployments`;
  const changeId = payloadString(deployment.payload, 'changeId', 'change_id');
  const entityRef = payloadString(
    deployment.payload,
    'backstage_entity',
    'entityRef',
  );

  return {
    externalId: `github:deployment:${deployment.id}`,
    repository: repository.full_name,
    environment,
    production: isGithubProductionEnvironment(
      environment,
      deployment.production_environment,
      options,
    ),
    deployedVersion: isSha(ref)
      ? ref.slice(0, 7).toLowerCase()
      : truncate(shortRef(ref), 100),
    ...(state ? { state } : {}),
    githubState: status?.state ?? 'created',
    at,
    startedAt: deployment.created_at,
    ...(finished ? { finishedAt: at } : {}),
    gitSha: deployment.sha.toLowerCase(),
    ref,
    url,
    ...(changeId ? { changeId } : {}),
    ...(entityRef ? { entityRef } : {}),
  };
}

const STATE_RANK: Record<DeploymentState, number> = {
  pending: 0,
  in_progress: 1,
  success: 2,
  failure: 2,
};

/**
 * Whether an incoming state replaces a deployment's current one. Webhooks
 * arrive out of order, so a state only moves forward (pending, in_progress,
 * then success or failure); between success and failure the later status
 * wins (a re-run after a failure).
 */
export function shouldApplyDeploymentState(
  current: Pick<DeploymentRecord, 'state' | 'finishedAt'> | undefined,
  incoming: { state?: DeploymentState; at: string },
): boolean {
  if (!incoming.state) {
    return false;
  }
  if (!current) {
    return true;
  }
  const from = STATE_RANK[current.state];
  const to = STATE_RANK[incoming.state];
  if (to !== from) {
    return to > from;
  }
  return (
    to === 2 &&
    incoming.state !== current.state &&
    (!current.finishedAt ||
      Date.parse(incoming.at) > Date.parse(current.finishedAt))
  );
}

/**
 * The event record of a GitHub deployment delivery. The fingerprint is the
 * delivery id; failures are warnings, everything else informational;
 * `status` is `resolved` because nothing stays firing.
 */
export function githubDeploymentToEvent(
  mapping: GithubDeploymentMapping,
  deliveryId: string,
  receivedAt: string,
): IngestEventInput {
  const what =
    mapping.githubState === 'created' ? 'created' : mapping.githubState;
  return {
    entityRef: null,
    source: 'github',
    fingerprint: deliveryId,
    severity: mapping.state === 'failure' ? 'warning' : 'informational',
    status: 'resolved',
    summary: truncate(
      `Deployment of ${mapping.deployedVersion} to ${mapping.environment} (${mapping.repository}): ${what}`,
      500,
    ),
    labels: {
      github_event:
        mapping.githubState === 'created' ? 'deployment' : 'deployment_status',
      repository: mapping.repository,
      environment: mapping.environment,
      production: String(mapping.production),
      deployment: mapping.externalId,
      state: what,
      ref: mapping.ref,
      sha: mapping.gitSha,
    },
    startsAt: mapping.at,
    receivedAt,
  };
}

/**
 * A GitHub release as the fields of a release record.
 */
export interface GithubReleaseMapping {
  /** `github:release:<id>`. */
  externalId: string;
  repository: string;
  action: GithubReleaseEvent['action'];
  /** The semantic version in the tag (`v2.4.0`, `checkout@2.4.0` -> `2.4.0`), else the tag. */
  releaseVersion: string;
  title: string;
  /** The state the release's flags give it; see {@link githubReleaseToRecord}. */
  state: ReleaseState;
  gitTag: string;
  /** Set when the tag's target is a commit SHA rather than a branch. */
  gitSha?: string;
  url: string;
  /** published_at, else created_at, of the release. */
  at?: string;
}

const SEMVER = /(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/;

/**
 * Maps a GitHub `release` event. The state follows the release as GitHub
 * now holds it: deleted is abandoned; a draft is planned; a prerelease is
 * building (a candidate, not for production); a published release is ready.
 * So `published` and `released` give ready, `prereleased` building,
 * `unpublished` planned, and `created` and `edited` what the flags say.
 */
export function githubReleaseToRecord(
  event: GithubReleaseEvent,
): GithubReleaseMapping {
  const { release, repository, action } = event;
  const tag = release.tag_name.trim();
  let state: ReleaseState = 'ready';
  if (action === 'deleted') {
    state = 'abandoned';
  } else if (release.draft) {
    state = 'planned';
  } else if (release.prerelease) {
    state = 'building';
  }
  const target = release.target_commitish.trim();
  const at = release.published_at ?? release.created_at ?? undefined;
  return {
    externalId: `github:release:${release.id}`,
    repository: repository.full_name,
    action,
    releaseVersion: truncate(
      SEMVER.exec(tag)?.[1] ?? tag.replace(/^v(?=\d)/, ''),
      100,
    ),
    title: truncate(release.name?.trim() || tag, 200),
    state,
    gitTag: tag,
    ...(isSha(target) ? { gitSha: target.toLowerCase() } : {}),
    url: release.html_url,
    ...(at ? { at } : {}),
  };
}

/**
 * The state a release moves to: a deployed release stays deployed whatever
 * GitHub later says of it; otherwise GitHub's view wins.
 */
export function nextReleaseState(
  current: ReleaseState | undefined,
  incoming: ReleaseState,
): ReleaseState {
  return current === 'deployed' ? 'deployed' : incoming;
}

/**
 * The event record of a GitHub release delivery (informational).
 */
export function githubReleaseToEvent(
  mapping: GithubReleaseMapping,
  deliveryId: string,
  receivedAt: string,
): IngestEventInput {
  return {
    entityRef: null,
    source: 'github',
    fingerprint: deliveryId,
    severity: 'informational',
    status: 'resolved',
    summary: truncate(
      `Release ${mapping.gitTag} (${mapping.repository}): ${mapping.action}`,
      500,
    ),
    labels: {
      github_event: 'release',
      repository: mapping.repository,
      release: mapping.externalId,
      tag: mapping.gitTag,
      action: mapping.action,
    },
    startsAt: mapping.at ?? receivedAt,
    receivedAt,
  };
}
