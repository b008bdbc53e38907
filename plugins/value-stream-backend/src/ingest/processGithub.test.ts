import { InputError } from '@backstage/errors';
import type { IngestEntity } from './mappers';
import { processGithub } from './processGithub';
import { MemoryIngestPorts } from './__testUtils__/MemoryIngestPorts';
import {
  githubDeploymentPayload,
  githubReleasePayload,
  githubStatusPayload,
} from './__testUtils__/payloads';

const NOW = '2026-03-02T09:30:00.000Z';

const ENTITIES: IngestEntity[] = [
  {
    entityRef: 'component:default/checkout',
    annotations: { 'github.com/project-slug': 'acme/checkout' },
  },
  {
    entityRef: 'component:default/cart',
    annotations: { 'github.com/project-slug': 'acme/shop' },
  },
  {
    entityRef: 'component:default/wishlist',
    annotations: { 'github.com/project-slug': 'acme/shop' },
  },
];

function setup(changes: MemoryIngestPorts['changes'] = []) {
  const ports = new MemoryIngestPorts({ entities: ENTITIES, changes });
  let delivery = 0;
  const send = (
    event: string,
    payload: unknown,
    deliveryId?: string,
    options = {},
  ) => {
    delivery += 1;
    return processGithub(
      { event, deliveryId: deliveryId ?? `delivery-${delivery}`, payload },
      ports,
      { now: NOW, ...options },
    );
  };
  return { ports, send };
}

describe('processGithub deployments', () => {
  it('creates a pending deployment from the deployment event', async () => {
    const { ports, send } = setup([
      {
        id: 'chg-42',
        entityRef: 'component:default/checkout',
        state: 'implement',
        createdAt: '2026-03-01T00:00:00Z',
      },
    ]);
    const result = await send(
      'deployment',
      githubDeploymentPayload({ payload: { changeId: 'chg-42' } }),
      'd-1',
    );
    expect(result).toEqual({
      source: 'github',
      items: [
        {
          key: 'github:d-1',
          eventId: expect.any(String),
          entityRef: 'component:default/checkout',
          duplicate: false,
          outcome: 'deployment-created',
          deploymentId: ports.deployments[0].id,
        },
      ],
    });
    expect(ports.deployments[0]).toMatchObject({
      externalId: 'github:deployment:1458987460',
      entityRef: 'component:default/checkout',
      environment: 'production',
      production: true,
      deployedVersion: 'v2.4.0',
      state: 'pending',
      startedAt: '2026-03-02T09:00:53.000Z',
      gitSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      changeId: 'chg-42',
      createdBy: 'external:github',
    });
    expect(ports.event(result.items[0].eventId)).toMatchObject({
      source: 'github',
      fingerprint: 'd-1',
      entityRef: 'component:default/checkout',
      severity: 'informational',
    });
  });

  it('follows the statuses of a deployment forward only', async () => {
    const { ports, send } = setup();
    await send('deployment', githubDeploymentPayload());
    const progress = await send(
      'deployment_status',
      githubStatusPayload('in_progress', '2026-03-02T09:05:00Z'),
    );
    expect(progress.items[0].outcome).toBe('deployment-updated');
    const success = await send(
      'deployment_status',
      githubStatusPayload('success', '2026-03-02T09:12:07Z'),
    );
    expect(success.items[0].outcome).toBe('deployment-updated');
    const late = await send(
      'deployment_status',
      githubStatusPayload('pending', '2026-03-02T09:01:00Z'),
    );
    expect(late.items[0].outcome).toBe('deployment-unchanged');
    const inactive = await send(
      'deployment_status',
      githubStatusPayload('inactive', '2026-03-03T10:00:00Z'),
    );
    expect(inactive.items[0].outcome).toBe('deployment-unchanged');

    expect(ports.deployments).toHaveLength(1);
    expect(ports.deployments[0]).toMatchObject({
      state: 'success',
      finishedAt: '2026-03-02T09:12:07.000Z',
      url: 'https://github.com/acme/checkout/actions/runs/8123456789/job/22201234567',
    });
    expect(ports.deployments[0].history.map(h => h.to)).toEqual([
      'pending',
      'in_progress',
      'success',
    ]);
    expect(ports.events.size).toBe(5);
  });

  it('takes a later success over a failure (a re-run), not an earlier one', async () => {
    const { ports, send } = setup();
    await send(
      'deployment_status',
      githubStatusPayload('failure', '2026-03-02T09:10:00Z'),
    );
    expect(ports.deployments[0].state).toBe('failure');
    const rerun = await send(
      'deployment_status',
      githubStatusPayload('success', '2026-03-02T09:20:00Z'),
    );
    expect(rerun.items[0].outcome).toBe('deployment-updated');
    const stale = await send(
      'deployment_status',
      githubStatusPayload('error', '2026-03-02T09:15:00Z'),
    );
    expect(stale.items[0].outcome).toBe('deployment-unchanged');
    expect(ports.deployments[0]).toMatchObject({
      state: 'success',
      finishedAt: '2026-03-02T09:20:00.000Z',
    });
  });

  it('creates the deployment from a status that arrives first', async () => {
    const { ports, send } = setup();
    const first = await send(
      'deployment_status',
      githubStatusPayload('success', '2026-03-02T09:12:07Z'),
    );
    expect(first.items[0].outcome).toBe('deployment-created');
    const created = await send('deployment', githubDeploymentPayload());
    expect(created.items[0].outcome).toBe('deployment-unchanged');
    expect(ports.deployments).toHaveLength(1);
    expect(ports.deployments[0].state).toBe('success');
  });

  it('handles a redelivery as a duplicate with the same outcome', async () => {
    const { ports, send } = setup();
    await send(
      'deployment_status',
      githubStatusPayload('success', '2026-03-02T09:12:07Z'),
      'd-7',
    );
    const again = await send(
      'deployment_status',
      githubStatusPayload('success', '2026-03-02T09:12:07Z'),
      'd-7',
    );
    expect(again.items[0]).toMatchObject({
      duplicate: true,
      outcome: 'deployment-unchanged',
      key: 'github:d-7',
    });
    expect(ports.events.size).toBe(1);
    expect(ports.deployments).toHaveLength(1);
  });

  it('links a production deployment to the change that authorizes it', async () => {
    const { ports, send } = setup([
      {
        id: 'old',
        entityRef: 'component:default/checkout',
        state: 'closed',
        createdAt: '2026-02-01T00:00:00Z',
      },
      {
        id: 'chg-9',
        entityRef: 'component:default/checkout',
        state: 'scheduled',
        plannedStart: '2026-03-02T08:00:00Z',
        plannedEnd: '2026-03-02T10:00:00Z',
        createdAt: '2026-03-01T00:00:00Z',
      },
    ]);
    await send('deployment', githubDeploymentPayload());
    expect(ports.deployments[0].changeId).toBe('chg-9');
  });

  it.each([
    ['an unknown change id', { changeId: 'chg-unknown' }, undefined],
    ['a change_id', { change_id: 'chg-1' }, 'chg-1'],
  ])('checks %s named in the payload', async (_name, payload, changeId) => {
    const { ports, send } = setup([
      {
        id: 'chg-1',
        entityRef: 'component:default/checkout',
        state: 'closed',
        createdAt: '2026-03-01T00:00:00Z',
      },
    ]);
    await send('deployment', githubDeploymentPayload({ payload }));
    expect(ports.deployments[0].changeId).toBe(changeId);
  });

  it('does not infer a change for a non-production deployment', async () => {
    const { ports, send } = setup([
      {
        id: 'chg-9',
        entityRef: 'component:default/checkout',
        state: 'implement',
        createdAt: '2026-03-01T00:00:00Z',
      },
    ]);
    await send(
      'deployment',
      githubDeploymentPayload({ environment: 'staging', production: false }),
    );
    expect(ports.deployments[0]).toMatchObject({
      production: false,
      environment: 'staging',
    });
    expect(ports.deployments[0].changeId).toBeUndefined();
  });

  it('reads production environments from options', async () => {
    const { ports, send } = setup();
    await send(
      'deployment',
      githubDeploymentPayload({ environment: 'live-eu', production: false }),
      undefined,
      {
        productionEnvironments: ['live-eu'],
      },
    );
    expect(ports.deployments[0].production).toBe(true);
  });

  it('records a deployment of an unknown repository as an unmatched event', async () => {
    const { ports, send } = setup();
    const result = await send(
      'deployment',
      githubDeploymentPayload({ repo: 'acme/unknown' }),
    );
    expect(result.items[0]).toMatchObject({
      entityRef: null,
      outcome: 'unmatched',
      reason: 'no entity has github.com/project-slug acme/unknown',
    });
    expect(ports.deployments).toHaveLength(0);
    expect(ports.event(result.items[0].eventId)?.entityRef).toBeNull();
  });

  it.each([
    [
      'the payload names the entity',
      { payload: { backstage_entity: 'wishlist' } },
      'component:default/wishlist',
      undefined,
    ],
    [
      'the tag carries the entity name',
      { ref: 'cart@1.4.0' },
      'component:default/cart',
      undefined,
    ],
    [
      'nothing tells them apart',
      { ref: 'main' },
      null,
      expect.stringMatching(
        /^several entities have github.com\/project-slug acme\/shop/,
      ),
    ],
  ])(
    'maps a monorepo deployment when %s',
    async (_name, input, entityRef, reason) => {
      const { ports, send } = setup();
      const result = await send(
        'deployment',
        githubDeploymentPayload({ repo: 'acme/shop', ...input }),
      );
      expect(result.items[0].entityRef).toBe(entityRef);
      expect(ports.deployments.map(d => d.entityRef)).toEqual(
        entityRef ? [entityRef] : [],
      );
      expect(result.items[0].reason).toEqual(reason);
    },
  );

  it('ignores an inactive status of a deployment it never saw', async () => {
    const { ports, send } = setup();
    const result = await send(
      'deployment_status',
      githubStatusPayload('inactive', '2026-03-02T09:12:07Z'),
    );
    expect(result.items[0].outcome).toBe('deployment-unchanged');
    expect(ports.deployments).toHaveLength(0);
  });
});

describe('processGithub releases', () => {
  it('creates a ready release and links later deployments of its tag', async () => {
    const { ports, send } = setup();
    const created = await send('release', githubReleasePayload('published'));
    expect(created.items[0].outcome).toBe('release-created');
    expect(ports.releases[0]).toMatchObject({
      externalId: 'github:release:17372790',
      entityRef: 'component:default/checkout',
      releaseVersion: '2.4.0',
      title: 'Release v2.4.0',
      state: 'ready',
      gitTag: 'v2.4.0',
      url: 'https://github.com/acme/checkout/releases/tag/v2.4.0',
    });
    await send(
      'deployment',
      githubDeploymentPayload({ ref: 'refs/tags/v2.4.0' }),
    );
    expect(ports.deployments[0].releaseId).toBe(ports.releases[0].id);
  });

  it.each([
    [['created'], { draft: true }, 'planned'],
    [['created', 'published'], {}, 'ready'],
    [['prereleased'], { prerelease: true }, 'building'],
    [['published', 'deleted'], {}, 'abandoned'],
  ] as const)(
    'moves through %j (last with %j) to %s',
    async (actions, flags, state) => {
      const { ports, send } = setup();
      for (const [i, action] of actions.entries()) {
        const last = i === actions.length - 1;
        await send('release', githubReleasePayload(action, last ? flags : {}));
      }
      expect(ports.releases[0].state).toBe(state);
    },
  );

  it('keeps a deployed release deployed', async () => {
    const { ports, send } = setup();
    await send('release', githubReleasePayload('published'));
    ports.releases[0].state = 'deployed';
    const edited = await send(
      'release',
      githubReleasePayload('edited', { name: 'Checkout 2.4.0 (final)' }),
    );
    expect(edited.items[0].outcome).toBe('release-updated');
    expect(ports.releases[0]).toMatchObject({
      state: 'deployed',
      title: 'Checkout 2.4.0 (final)',
    });
    const same = await send(
      'release',
      githubReleasePayload('edited', { name: 'Checkout 2.4.0 (final)' }),
    );
    expect(same.items[0].outcome).toBe('release-unchanged');
  });

  it('ignores the deletion of a release it never saw', async () => {
    const { ports, send } = setup();
    const result = await send('release', githubReleasePayload('deleted'));
    expect(result.items[0].outcome).toBe('release-unchanged');
    expect(ports.releases).toHaveLength(0);
  });

  it('maps a monorepo release by its tag prefix', async () => {
    const { ports, send } = setup();
    await send(
      'release',
      githubReleasePayload('published', {
        repo: 'acme/shop',
        tag: 'wishlist@3.0.0',
      }),
    );
    expect(ports.releases[0]).toMatchObject({
      entityRef: 'component:default/wishlist',
      releaseVersion: '3.0.0',
    });
  });
});

describe('processGithub deliveries', () => {
  it.each([
    ['ping', 'ping'],
    [
      'push',
      'GitHub push events are not ingested; subscribe to Deployments, Deployment statuses and Releases',
    ],
  ])('acknowledges and ignores %s', async (event, reason) => {
    const { ports, send } = setup();
    const result = await send(event, {
      zen: 'Design for failure.',
      hook_id: 1,
    });
    expect(result.items).toEqual([
      { entityRef: null, duplicate: false, outcome: 'ignored', reason },
    ]);
    expect(ports.events.size).toBe(0);
  });

  it.each([
    [
      'no event header',
      { event: undefined, deliveryId: 'd', payload: {} },
      'Missing X-GitHub-Event header',
    ],
    [
      'no delivery header',
      { event: 'deployment', deliveryId: ' ', payload: {} },
      'Missing X-GitHub-Delivery header',
    ],
    [
      'a payload of another event',
      {
        event: 'deployment_status',
        deliveryId: 'd',
        payload: githubDeploymentPayload(),
      },
      /^Invalid GitHub deployment_status event: deployment_status: Required/,
    ],
    [
      'a release without tag',
      {
        event: 'release',
        deliveryId: 'd',
        payload: { ...githubReleasePayload('published'), release: {} },
      },
      /^Invalid GitHub release event: /,
    ],
  ])('rejects %s with an InputError', async (_name, delivery, message) => {
    const ports = new MemoryIngestPorts({ entities: ENTITIES });
    const attempt = processGithub(delivery, ports, { now: NOW });
    await expect(attempt).rejects.toThrow(InputError);
    await expect(processGithub(delivery, ports, { now: NOW })).rejects.toThrow(
      message,
    );
  });
});
