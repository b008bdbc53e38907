import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ValueStreamStore } from '../database/ValueStreamStore';
import { newDeployment } from '../__testUtils__/records';
import { CatalogGateway } from './CatalogGateway';
import { readValueStreamSettings } from '../settings';
import { StageService } from './StageService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

function component(
  name: string,
  spec: Record<string, string>,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'group:default/team-a', ...spec },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
  };
}

const entities: Entity[] = [
  component('idea', { lifecycle: 'experimental' }),
  component(
    'live',
    { lifecycle: 'production' },
    {
      'valuestream.io/service-level-tier': 'gold',
      'valuestream.io/runbook': 'https://runbooks.example.com/live',
    },
  ),
  component('old', { lifecycle: 'deprecated' }),
  component(
    'needs-db',
    { lifecycle: 'experimental' },
    {
      'valuestream.io/required-assets': 'resource:default/db',
      'valuestream.io/service-level-tier': 'platinum',
    },
  ),
  component('shipped', { lifecycle: 'experimental' }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'not-tracked', namespace: 'default' },
    spec: { type: 'openapi', lifecycle: 'production', owner: 'team-a' },
  },
];

async function setup() {
  const knex = await databases.init('SQLITE_3');
  const store = await ValueStreamStore.create({
    database: mockServices.database({ knex }),
  });
  const catalog = CatalogGateway.create({
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
  });
  const logger = mockServices.logger.mock();
  const settings = readValueStreamSettings(
    mockServices.rootConfig({
      data: {
        valueStream: {
          serviceLevelTiers: {
            gold: {
              availabilityTarget: 99.9,
              targets: { P1: { responseMinutes: 5, resolutionMinutes: 60 } },
            },
          },
        },
      },
    }),
  );
  const stages = StageService.create({ store, catalog, settings, logger });
  return { store, stages, logger };
}

describe('StageService', () => {
  it('places services from catalog and record evidence', async () => {
    const { store, stages } = await setup();
    await store.records.create(
      'deployment',
      newDeployment({ entityRef: 'component:default/shipped' }),
      { actor: 'user:default/alice' },
    );
    const result = await stages.evaluate(entities.slice(0, 5));
    expect(result.get('component:default/idea')!.stage).toBe('demand');
    expect(result.get('component:default/old')!.stage).toBe('retired');
    expect(result.get('component:default/shipped')!.stage).toBe('operate');

    const live = result.get('component:default/live')!;
    expect(live.stage).toBe('operate');
    expect(
      live.checklist.find(i => i.id === 'agreed-service-level'),
    ).toMatchObject({ met: false, gap: true });
    expect(live.checklist.find(i => i.id === 'runbook')).toMatchObject({
      met: true,
      evidence: [
        { label: 'Runbook', url: 'https://runbooks.example.com/live' },
      ],
    });
    expect(live.checklist.find(i => i.id === 'owner')).toMatchObject({
      met: true,
    });

    const needsDb = result.get('component:default/needs-db')!;
    expect(needsDb.checklist.find(i => i.id === 'required-assets')!.met).toBe(
      false,
    );
  });

  it('records stages and proposes tier service levels, idempotently', async () => {
    const { store, stages, logger } = await setup();
    const first = await stages.recomputeAll();
    expect(first).toEqual({
      entities: 5,
      changed: 5,
      proposedServiceLevels: 1,
    });

    const recorded = await store.stages.list();
    expect(
      Object.fromEntries(recorded.map(s => [s.entityRef, s.stage])),
    ).toMatchObject({
      'component:default/idea': 'demand',
      'component:default/live': 'operate',
      'component:default/old': 'retired',
    });
    expect(
      recorded.find(s => s.entityRef === 'component:default/live')!.gaps,
    ).toBeGreaterThan(0);

    const { items } = await store.records.list('serviceLevel', {
      entityRefs: ['component:default/live'],
      limit: 10,
    });
    expect(items).toEqual([
      expect.objectContaining({
        state: 'proposed',
        tier: 'gold',
        fromAnnotation: true,
        availabilityTarget: 99.9,
        targets: expect.objectContaining({
          P1: { responseMinutes: 5, resolutionMinutes: 60 },
          P4: { responseMinutes: 480, resolutionMinutes: 7200 },
        }),
      }),
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('platinum'),
    );

    const second = await stages.recomputeAll();
    expect(second).toEqual({
      entities: 5,
      changed: 0,
      proposedServiceLevels: 0,
    });
    expect(
      await store.stages.getHistory('component:default/live'),
    ).toHaveLength(1);
  });

  it('recomputes one entity after a write', async () => {
    const { store, stages } = await setup();
    await stages.recomputeQuietly('component:default/shipped');
    expect(
      (await store.stages.get(['component:default/shipped'])).get(
        'component:default/shipped',
      )!.stage,
    ).toBe('demand');
    await store.records.create(
      'deployment',
      newDeployment({ entityRef: 'component:default/shipped' }),
      { actor: 'user:default/alice' },
    );
    await stages.recomputeQuietly('component:default/shipped');
    expect(await store.stages.getHistory('component:default/shipped')).toEqual([
      expect.objectContaining({ from: null, to: 'demand' }),
      expect.objectContaining({ from: 'demand', to: 'operate' }),
    ]);
  });
});
