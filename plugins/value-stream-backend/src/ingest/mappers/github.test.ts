import githubDeployment from './__fixtures__/github-deployment.json';
import githubStatusSuccess from './__fixtures__/github-deployment-status-success.json';
import githubStatusFailure from './__fixtures__/github-deployment-status-failure.json';
import githubRelease from './__fixtures__/github-release-published.json';
import {
  githubDeploymentToEvent,
  githubDeploymentToRecord,
  githubReleaseToEvent,
  githubReleaseToRecord,
  isGithubProductionEnvironment,
  nextReleaseState,
  shouldApplyDeploymentState,
} from './github';
import {
  githubDeploymentEventSchema,
  githubDeploymentStatusEventSchema,
  githubReleaseEventSchema,
} from './schemas';

const clone = <T>(value: T): any => JSON.parse(JSON.stringify(value));
const deploymentEvent = githubDeploymentEventSchema.parse(githubDeployment);
const success = githubDeploymentStatusEventSchema.parse(githubStatusSuccess);
const failure = githubDeploymentStatusEventSchema.parse(githubStatusFailure);

describe('githubDeploymentToRecord', () => {
  it('maps the deployment event to a pending production deployment', () => {
    expect(githubDeploymentToRecord(deploymentEvent)).toEqual({
      externalId: 'github:deployment:1458987460',
      repository: 'acme/checkout',
      environment: 'production',
      production: true,
      deployedVersion: 'v2.4.0',
      state: 'pending',
      githubState: 'created',
      at: '2026-03-02T09:00:53.000Z',
      startedAt: '2026-03-02T09:00:53.000Z',
      gitSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      ref: 'v2.4.0',
      url: 'https://github.com/acme/checkout/deployments',
      changeId: 'chg-42',
    });
  });

  it('maps a successful production status', () => {
    expect(githubDeploymentToRecord(success)).toMatchObject({
      externalId: 'github:deployment:1458987460',
      state: 'success',
      githubState: 'success',
      at: '2026-03-02T09:12:07.000Z',
      startedAt: '2026-03-02T09:00:53.000Z',
      finishedAt: '2026-03-02T09:12:07.000Z',
      url: 'https://github.com/acme/checkout/actions/runs/8123456789/job/22201234567',
      production: true,
    });
  });

  it('maps a failed production status', () => {
    expect(githubDeploymentToRecord(failure)).toMatchObject({
      state: 'failure',
      finishedAt: '2026-03-02T09:14:31.000Z',
    });
  });

  it.each([
    ['queued', 'pending', false],
    ['pending', 'pending', false],
    ['in_progress', 'in_progress', false],
    ['success', 'success', true],
    ['failure', 'failure', true],
    ['error', 'failure', true],
    ['inactive', undefined, false],
  ])('maps status %s to %s', (githubState, state, finished) => {
    const payload = clone(githubStatusSuccess);
    payload.deployment_status.state = githubState;
    const mapping = githubDeploymentToRecord(
      githubDeploymentStatusEventSchema.parse(payload),
    );
    expect(mapping.state).toBe(state);
    expect(mapping.githubState).toBe(githubState);
    expect(mapping.finishedAt !== undefined).toBe(finished);
  });

  it.each([
    ['v2.4.0', 'v2.4.0'],
    ['refs/tags/v2.4.0', 'v2.4.0'],
    ['refs/heads/main', 'main'],
    ['F95F852BD8FCA8FCC58A9A2D6C842781E32A215E', 'f95f852'],
  ])('takes the version from ref %s', (ref, version) => {
    const payload = clone(githubDeployment);
    payload.deployment.ref = ref;
    expect(
      githubDeploymentToRecord(githubDeploymentEventSchema.parse(payload))
        .deployedVersion,
    ).toBe(version);
  });

  it('reads the environment of the status and the hints of the payload', () => {
    const payload = clone(githubStatusSuccess);
    payload.deployment_status.environment = 'staging';
    payload.deployment.production_environment = false;
    payload.deployment.payload = {
      change_id: 'chg-7',
      backstage_entity: 'component:default/checkout',
    };
    payload.deployment_status.log_url = '';
    payload.deployment_status.target_url = null;
    const mapping = githubDeploymentToRecord(
      githubDeploymentStatusEventSchema.parse(payload),
    );
    expect(mapping).toMatchObject({
      environment: 'staging',
      production: false,
      changeId: 'chg-7',
      entityRef: 'component:default/checkout',
      url: 'https://checkout.example.com',
    });
  });

  it('ignores a payload that is not an object', () => {
    const payload = clone(githubDeployment);
    payload.deployment.payload = '';
    const mapping = githubDeploymentToRecord(
      githubDeploymentEventSchema.parse(payload),
    );
    expect(mapping.changeId).toBeUndefined();
    expect(mapping.entityRef).toBeUndefined();
  });
});

describe('isGithubProductionEnvironment', () => {
  it.each([
    ['production', undefined, undefined, true],
    ['prod-eu', undefined, undefined, true],
    ['staging', undefined, undefined, false],
    ['staging', true, undefined, true],
    ['live', false, ['prd'], false],
    ['PRD', false, ['prd'], true],
    ['stage', true, ['prd'], true],
  ] as const)(
    '%s (flag %s, configured %j) -> %s',
    (environment, flag, list, expected) => {
      expect(
        isGithubProductionEnvironment(
          environment,
          flag,
          list ? { productionEnvironments: list } : {},
        ),
      ).toBe(expected);
    },
  );

  it('uses the configured list in the mapper', () => {
    const payload = clone(githubDeployment);
    payload.deployment.environment = 'live-eu';
    payload.deployment.production_environment = false;
    const event = githubDeploymentEventSchema.parse(payload);
    expect(githubDeploymentToRecord(event).production).toBe(true);
    expect(
      githubDeploymentToRecord(event, {
        productionEnvironments: ['production'],
      }).production,
    ).toBe(false);
  });
});

describe('shouldApplyDeploymentState', () => {
  const T1 = '2026-03-02T09:10:00.000Z';
  const T2 = '2026-03-02T09:20:00.000Z';
  it.each([
    ['a new deployment', undefined, 'pending', T1, true],
    ['inactive', { state: 'success' }, undefined, T1, false],
    ['pending -> in_progress', { state: 'pending' }, 'in_progress', T1, true],
    ['pending -> success', { state: 'pending' }, 'success', T1, true],
    [
      'in_progress -> pending (late)',
      { state: 'in_progress' },
      'pending',
      T1,
      false,
    ],
    [
      'success -> pending (late)',
      { state: 'success', finishedAt: T1 },
      'pending',
      T2,
      false,
    ],
    [
      'success -> success (duplicate)',
      { state: 'success', finishedAt: T1 },
      'success',
      T2,
      false,
    ],
    [
      'failure -> later success (re-run)',
      { state: 'failure', finishedAt: T1 },
      'success',
      T2,
      true,
    ],
    [
      'success -> earlier failure (late)',
      { state: 'success', finishedAt: T2 },
      'failure',
      T1,
      false,
    ],
    [
      'success without finish -> failure',
      { state: 'success' },
      'failure',
      T1,
      true,
    ],
  ] as const)('%s', (_name, current, state, at, expected) => {
    expect(shouldApplyDeploymentState(current, { state, at })).toBe(expected);
  });
});

describe('githubDeploymentToEvent', () => {
  it('records a failed deployment as a warning keyed by the delivery', () => {
    const event = githubDeploymentToEvent(
      githubDeploymentToRecord(failure),
      'd1',
      '2026-03-02T09:15:00.000Z',
    );
    expect(event).toEqual({
      entityRef: null,
      source: 'github',
      fingerprint: 'd1',
      severity: 'warning',
      status: 'resolved',
      summary: 'Deployment of v2.4.0 to production (acme/checkout): failure',
      labels: {
        github_event: 'deployment_status',
        repository: 'acme/checkout',
        environment: 'production',
        production: 'true',
        deployment: 'github:deployment:1458987460',
        state: 'failure',
        ref: 'v2.4.0',
        sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      },
      startsAt: '2026-03-02T09:14:31.000Z',
      receivedAt: '2026-03-02T09:15:00.000Z',
    });
  });

  it('records a new deployment as informational', () => {
    const event = githubDeploymentToEvent(
      githubDeploymentToRecord(deploymentEvent),
      'd0',
      '2026-03-02T09:01:00.000Z',
    );
    expect(event).toMatchObject({
      severity: 'informational',
      labels: { github_event: 'deployment', state: 'created' },
    });
  });
});

describe('githubReleaseToRecord', () => {
  const release = (
    action: string,
    flags: { draft?: boolean; prerelease?: boolean } = {},
  ) => {
    const payload = clone(githubRelease);
    payload.action = action;
    payload.release.draft = flags.draft ?? false;
    payload.release.prerelease = flags.prerelease ?? false;
    return githubReleaseEventSchema.parse(payload);
  };

  it('maps a published release', () => {
    expect(githubReleaseToRecord(release('published'))).toEqual({
      externalId: 'github:release:17372790',
      repository: 'acme/checkout',
      action: 'published',
      releaseVersion: '2.4.0',
      title: 'Checkout 2.4.0',
      state: 'ready',
      gitTag: 'v2.4.0',
      url: 'https://github.com/acme/checkout/releases/tag/v2.4.0',
      at: '2026-03-01T16:20:53.000Z',
    });
  });

  it.each([
    ['published', {}, 'ready'],
    ['released', {}, 'ready'],
    ['published', { prerelease: true }, 'building'],
    ['prereleased', { prerelease: true }, 'building'],
    ['created', { draft: true }, 'planned'],
    ['created', {}, 'ready'],
    ['edited', { prerelease: true }, 'building'],
    ['unpublished', { draft: true }, 'planned'],
    ['deleted', {}, 'abandoned'],
  ] as const)('%s %j -> %s', (action, flags, state) => {
    expect(githubReleaseToRecord(release(action, flags)).state).toBe(state);
  });

  it.each([
    ['v2.4.0', '2.4.0'],
    ['2.4.0', '2.4.0'],
    ['checkout@1.2.3-rc.1', '1.2.3-rc.1'],
    ['checkout-v10.0.0+build.5', '10.0.0+build.5'],
    ['v7', '7'],
    ['nightly-2026-03-01', 'nightly-2026-03-01'],
  ])('takes version %s -> %s', (tag, version) => {
    const payload = clone(githubRelease);
    payload.release.tag_name = tag;
    expect(
      githubReleaseToRecord(githubReleaseEventSchema.parse(payload))
        .releaseVersion,
    ).toBe(version);
  });

  it('takes a commit target as the SHA and the tag as title without a name', () => {
    const payload = clone(githubRelease);
    payload.release.target_commitish =
      'F95F852BD8FCA8FCC58A9A2D6C842781E32A215E';
    payload.release.name = null;
    payload.release.published_at = null;
    const mapping = githubReleaseToRecord(
      githubReleaseEventSchema.parse(payload),
    );
    expect(mapping).toMatchObject({
      gitSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      title: 'v2.4.0',
      at: '2026-03-01T16:19:25.000Z',
    });
  });

  it('records the release as an informational event', () => {
    expect(
      githubReleaseToEvent(
        githubReleaseToRecord(release('published')),
        'd9',
        '2026-03-01T16:21:00.000Z',
      ),
    ).toEqual({
      entityRef: null,
      source: 'github',
      fingerprint: 'd9',
      severity: 'informational',
      status: 'resolved',
      summary: 'Release v2.4.0 (acme/checkout): published',
      labels: {
        github_event: 'release',
        repository: 'acme/checkout',
        release: 'github:release:17372790',
        tag: 'v2.4.0',
        action: 'published',
      },
      startsAt: '2026-03-01T16:20:53.000Z',
      receivedAt: '2026-03-01T16:21:00.000Z',
    });
  });
});

describe('nextReleaseState', () => {
  it.each([
    [undefined, 'ready', 'ready'],
    ['planned', 'ready', 'ready'],
    ['ready', 'building', 'building'],
    ['deployed', 'ready', 'deployed'],
    ['deployed', 'abandoned', 'deployed'],
    ['abandoned', 'ready', 'ready'],
  ] as const)('%s + %s -> %s', (current, incoming, expected) => {
    expect(nextReleaseState(current, incoming)).toBe(expected);
  });
});
