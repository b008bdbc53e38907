import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { testDatabaseIds } from '../__testUtils__/databases';
import {
  newChange,
  newDeployment,
  newIncident,
  newProblem,
  newRelease,
  newServiceLevel,
  TEST_ENTITY,
  TEST_USER,
} from '../__testUtils__/records';
import { ValueStreamStore } from './ValueStreamStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

const OTHER_ENTITY = 'component:default/payments';

/** An ISO time `minutes` after a fixed origin. */
function t(minutes: number): string {
  return new Date(
    Date.UTC(2026, 0, 1, 0, 0, 0) + minutes * 60_000,
  ).toISOString();
}

describe.each(databases.eachSupportedId())('StageStore on %s', databaseId => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    const store = await ValueStreamStore.create({
      database: mockServices.database({ knex }),
    });
    return { knex, store };
  }
  describe('stages', () => {
    it('records stage history only when the stage changes', async () => {
      const { store } = await createStore();
      await expect(
        store.stages.record(TEST_ENTITY, {
          stage: 'demand',
          at: t(0),
          gaps: 0,
        }),
      ).resolves.toEqual({ changed: true, previous: null });
      await expect(
        store.stages.record(TEST_ENTITY, {
          stage: 'demand',
          at: t(1),
          gaps: 2,
        }),
      ).resolves.toEqual({ changed: false, previous: 'demand' });
      await expect(
        store.stages.record('Component:default/CHECKOUT', {
          stage: 'design',
          at: t(2),
          gaps: 1,
        }),
      ).resolves.toEqual({ changed: true, previous: 'demand' });

      expect(await store.stages.getHistory(TEST_ENTITY)).toEqual([
        { entityRef: TEST_ENTITY, from: null, to: 'demand', at: t(0) },
        { entityRef: TEST_ENTITY, from: 'demand', to: 'design', at: t(2) },
      ]);
      const stages = await store.stages.get([TEST_ENTITY, OTHER_ENTITY]);
      expect([...stages.keys()]).toEqual([TEST_ENTITY]);
      expect(stages.get(TEST_ENTITY)).toEqual({
        entityRef: TEST_ENTITY,
        stage: 'design',
        since: t(2),
        computedAt: t(2),
        gaps: 1,
      });
    });

    it('appends one history row when concurrent calls record the same change', async () => {
      const { store } = await createStore();
      const first = await Promise.all(
        [0, 1, 2, 3].map(() =>
          store.stages.record(OTHER_ENTITY, {
            stage: 'operate',
            at: t(0),
            gaps: 3,
          }),
        ),
      );
      expect(first.filter(r => r.changed)).toHaveLength(1);

      const second = await Promise.all(
        [0, 1, 2, 3].map(i =>
          store.stages.record(OTHER_ENTITY, {
            stage: 'retired',
            at: t(10 + i),
            gaps: 0,
          }),
        ),
      );
      expect(second.filter(r => r.changed)).toHaveLength(1);
      expect(
        (await store.stages.getHistory(OTHER_ENTITY)).map(h => h.to),
      ).toEqual(['operate', 'retired']);
    });

    it('lists entity stages by stage and refs', async () => {
      const { store } = await createStore();
      await store.stages.record(TEST_ENTITY, {
        stage: 'build',
        at: t(0),
        gaps: 0,
      });
      await store.stages.record(OTHER_ENTITY, {
        stage: 'operate',
        at: t(0),
        gaps: 2,
      });
      await store.stages.record('component:default/legacy', {
        stage: 'operate',
        at: t(0),
        gaps: 4,
      });
      expect(
        (await store.stages.list({ stage: 'operate' })).map(s => s.entityRef),
      ).toEqual(['component:default/legacy', OTHER_ENTITY]);
      expect(
        (await store.stages.list({ refs: [TEST_ENTITY] })).map(s => s.stage),
      ).toEqual(['build']);
      expect(await store.stages.list()).toHaveLength(3);
    });
  });

  describe('read models', () => {
    it('counts open records per entity on the board', async () => {
      const { store } = await createStore();
      await store.records.create('incident', newIncident(), {
        actor: TEST_USER,
      });
      await store.records.create(
        'incident',
        newIncident({
          state: 'in_progress',
          sla: {
            pausedMs: 0,
            responseBreached: true,
            resolutionBreached: false,
          },
        }),
        { actor: TEST_USER },
      );
      await store.records.create(
        'incident',
        newIncident({
          state: 'closed',
          sla: {
            pausedMs: 0,
            responseBreached: true,
            resolutionBreached: true,
          },
        }),
        { actor: TEST_USER },
      );
      await store.records.create('change', newChange({ state: 'scheduled' }), {
        actor: TEST_USER,
      });
      await store.records.create('change', newChange({ state: 'closed' }), {
        actor: TEST_USER,
      });
      await store.records.create(
        'change',
        newChange({ entityRef: OTHER_ENTITY }),
        { actor: TEST_USER },
      );
      await store.records.create(
        'problem',
        newProblem({ state: 'known_error' }),
        { actor: TEST_USER },
      );

      // The board reads the counts for every entity with a stored stage.
      for (const ref of [TEST_ENTITY, OTHER_ENTITY]) {
        await store.stages.record(ref, {
          stage: 'operate',
          at: t(0),
          gaps: 0,
        });
      }
      const rows = await store.stages.getBoardRows([
        TEST_ENTITY,
        OTHER_ENTITY,
        'component:default/none',
      ]);
      const counts = new Map(
        rows.map(row => [
          row.entityRef,
          {
            openIncidents: row.openIncidents,
            breachedIncidents: row.breachedIncidents,
            openChanges: row.openChanges,
            openProblems: row.openProblems,
          },
        ]),
      );
      expect(counts.get(TEST_ENTITY)).toEqual({
        openIncidents: 2,
        breachedIncidents: 1,
        openChanges: 1,
        openProblems: 1,
      });
      expect(counts.get(OTHER_ENTITY)).toEqual({
        openIncidents: 0,
        breachedIncidents: 0,
        openChanges: 1,
        openProblems: 0,
      });
      expect(counts.has('component:default/none')).toBe(false);
    });

    it('finds the latest deployments and production versions', async () => {
      const { store } = await createStore();
      await store.records.create(
        'deployment',
        newDeployment({
          environment: 'staging',
          production: false,
          deployedVersion: '1.0.0',
        }),
        { actor: TEST_USER, at: t(0) },
      );
      const staging = await store.records.create(
        'deployment',
        newDeployment({
          environment: 'staging',
          production: false,
          deployedVersion: '1.1.0',
          state: 'failure',
        }),
        { actor: TEST_USER, at: t(1) },
      );
      const prod = await store.records.create(
        'deployment',
        newDeployment({ deployedVersion: '1.0.0', finishedAt: t(3) }),
        { actor: TEST_USER, at: t(2) },
      );
      const prodPending = await store.records.create(
        'deployment',
        newDeployment({ deployedVersion: '1.1.0', state: 'in_progress' }),
        { actor: TEST_USER, at: t(4) },
      );
      const other = await store.records.create(
        'deployment',
        newDeployment({ entityRef: OTHER_ENTITY, deployedVersion: '7.0.0' }),
        { actor: TEST_USER, at: t(5) },
      );

      const latest = await store.stages.latestDeploymentsByEnvironment(
        TEST_ENTITY,
      );
      expect(latest.map(d => [d.environment, d.id])).toEqual([
        ['production', prodPending.id],
        ['staging', staging.id],
      ]);
      expect(latest[0].history).toHaveLength(1);
      const bare = await store.records.list('deployment', {
        entityRefs: [TEST_ENTITY],
        limit: 10,
        withoutHistory: true,
      });
      expect(bare.items).toHaveLength(4);
      expect(bare.items.every(d => d.history.length === 0)).toBe(true);

      const versions = await store.stages.latestProductionVersions([
        TEST_ENTITY,
        OTHER_ENTITY,
      ]);
      expect(versions.get(TEST_ENTITY)).toEqual({
        version: '1.0.0',
        deploymentId: prod.id,
        environment: 'production',
        at: t(3),
      });
      expect(versions.get(OTHER_ENTITY)).toMatchObject({
        version: '7.0.0',
        deploymentId: other.id,
        at: t(5),
      });
    });

    it('collects stage evidence with record ids', async () => {
      const { store } = await createStore();
      const proposing = await store.records.create(
        'change',
        newChange({ proposesService: true, state: 'closed' }),
        { actor: TEST_USER },
      );
      await store.records.create(
        'change',
        newChange({ proposesService: true, state: 'rejected' }),
        { actor: TEST_USER },
      );
      // Filed but not taken up yet: not evidence of demand, even if newer.
      await store.records.create(
        'change',
        newChange({ proposesService: true, state: 'new' }),
        { actor: TEST_USER, at: t(99_998) },
      );
      const sl = await store.records.create(
        'serviceLevel',
        newServiceLevel({ state: 'agreed' }),
        { actor: TEST_USER },
      );
      await store.records.create('serviceLevel', newServiceLevel(), {
        actor: TEST_USER,
      });
      const planned = await store.records.create('release', newRelease(), {
        actor: TEST_USER,
      });
      await store.records.create(
        'release',
        newRelease({ state: 'abandoned' }),
        { actor: TEST_USER },
      );
      await store.records.create(
        'deployment',
        newDeployment({ state: 'failure' }),
        { actor: TEST_USER },
      );
      const otherReady = await store.records.create(
        'release',
        newRelease({ entityRef: OTHER_ENTITY, state: 'ready' }),
        { actor: TEST_USER },
      );
      const otherAuthorized = await store.records.create(
        'change',
        newChange({ entityRef: OTHER_ENTITY, state: 'scheduled' }),
        { actor: TEST_USER },
      );
      await store.records.create(
        'change',
        newChange({ entityRef: OTHER_ENTITY, state: 'authorize' }),
        { actor: TEST_USER, at: t(99_999) },
      );
      const otherProd = await store.records.create(
        'deployment',
        newDeployment({ entityRef: OTHER_ENTITY }),
        { actor: TEST_USER },
      );

      const evidence = await store.stages.getEvidence([
        TEST_ENTITY,
        OTHER_ENTITY,
        'component:default/none',
      ]);
      expect(evidence.get(TEST_ENTITY)).toEqual({
        proposingChangeId: proposing.id,
        authorizedChangeId: proposing.id,
        agreedServiceLevelId: sl.id,
        plannedReleaseId: planned.id,
      });
      expect(evidence.get(OTHER_ENTITY)).toEqual({
        authorizedChangeId: otherAuthorized.id,
        plannedReleaseId: otherReady.id,
        readyReleaseId: otherReady.id,
        productionDeploymentId: otherProd.id,
      });
      expect(evidence.has('component:default/none')).toBe(false);
    });
  });
});
