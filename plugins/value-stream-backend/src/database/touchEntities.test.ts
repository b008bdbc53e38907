import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { testDatabaseIds } from '../__testUtils__/databases';
import {
  newChange,
  newIncident,
  newProblem,
  newRelease,
  newServiceLevel,
} from '../__testUtils__/records';
import { ValueStreamStore } from './ValueStreamStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });
const ALICE = 'user:default/alice';
const CART = 'component:default/cart';
const SEARCH = 'component:default/search';

async function setup(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const store = await ValueStreamStore.create({
    database: mockServices.database({ knex }),
  });
  /** Stores a document for the entity and checks it is served. */
  const expectFresh = async (ref: string) => {
    const { generation } = await store.summaries.get(ref);
    expect(
      await store.summaries.save(ref, {
        generation,
        body: `{"g":${generation}}`,
      }),
    ).toBe(true);
    expect((await store.summaries.get(ref)).body).toBe(`{"g":${generation}}`);
  };
  /** The stored document of the entity was made stale. */
  const expectStale = async (ref: string) =>
    expect((await store.summaries.get(ref)).body).toBeUndefined();
  return { store, expectFresh, expectStale };
}

describe.each(databases.eachSupportedId())(
  'read models kept by the writes, on %s',
  databaseId => {
    it('serves a document only at the generation it was built at', async () => {
      const { store } = await setup(databaseId);
      expect(await store.summaries.get(CART)).toEqual({ generation: 0 });

      // Built from reads made at generation 0, while a write commits.
      const before = await store.summaries.get(CART);
      await store.records.create('incident', newIncident({ entityRef: CART }), {
        actor: ALICE,
      });
      expect(
        await store.summaries.save(CART, {
          generation: before.generation,
          body: '{}',
        }),
      ).toBe(false);
      const after = await store.summaries.get(CART);
      expect(after).toEqual({ generation: 1 });

      expect(
        await store.summaries.save(CART, {
          generation: after.generation,
          body: '{"a":1}',
        }),
      ).toBe(true);
      expect(await store.summaries.get(CART)).toEqual({
        generation: 1,
        body: '{"a":1}',
      });
      // A later build at the same generation replaces it.
      expect(
        await store.summaries.save(CART, { generation: 1, body: '{"a":2}' }),
      ).toBe(true);
      expect((await store.summaries.get(CART)).body).toBe('{"a":2}');
    });

    it('returns the stored stage with the document', async () => {
      const { store, expectFresh } = await setup(databaseId);
      await store.stages.record(CART, {
        stage: 'build',
        at: '2026-01-01T00:00:00.000Z',
        gaps: 0,
      });
      await expectFresh(CART);
      const stored = await store.summaries.get('Component:default/Cart');
      expect(stored.stage).toMatchObject({
        entityRef: CART,
        stage: 'build',
        since: '2026-01-01T00:00:00.000Z',
      });
      // Forgetting the stage forgets the document.
      await store.stages.delete([CART]);
      expect(await store.summaries.get(CART)).toEqual({ generation: 0 });
    });

    it('is made stale by every kind of write to the entity', async () => {
      const { store, expectFresh, expectStale } = await setup(databaseId);
      const writes: Array<[string, () => Promise<unknown>]> = [];
      const change = await store.records.create(
        'change',
        newChange({ entityRef: CART }),
        { actor: ALICE },
      );
      const release = await store.records.create(
        'release',
        newRelease({ entityRef: CART }),
        { actor: ALICE },
      );
      const incident = await store.records.create(
        'incident',
        newIncident({ entityRef: SEARCH }),
        { actor: ALICE },
      );
      const problem = await store.records.create(
        'problem',
        newProblem({ entityRef: CART }),
        { actor: ALICE },
      );
      writes.push(
        [
          'create',
          () =>
            store.records.create(
              'serviceLevel',
              newServiceLevel({ entityRef: CART }),
              { actor: ALICE },
            ),
        ],
        [
          'update',
          () =>
            store.records.update('change', {
              id: change.id,
              expectedVersion: 1,
              patch: { title: 'Renamed' },
              actor: ALICE,
            }),
        ],
        [
          'approval',
          () =>
            store.records.addApproval(change.id, {
              approval: { approver: 'user:default/bob', decision: 'approved' },
              expectedVersion: 2,
            }),
        ],
        [
          'release link',
          () => store.records.linkReleaseChanges(release.id, [change.id]),
        ],
        [
          'release unlink',
          () => store.records.unlinkReleaseChanges(release.id, [change.id]),
        ],
        [
          'problem link',
          () => store.records.linkProblemIncidents(problem.id, [incident.id]),
        ],
      );
      for (const [what, write] of writes) {
        await expectFresh(CART);
        await write();
        await expectStale(CART).catch(e => {
          throw new Error(`${what}: ${e}`);
        });
      }

      // Linking a problem changes the incident, of another entity, too.
      await expectFresh(SEARCH);
      await store.records.unlinkProblemIncidents(problem.id, [incident.id]);
      await expectStale(SEARCH);

      await expectFresh(SEARCH);
      await store.sla.markBreaches(
        [{ id: incident.id, responseBreached: true }],
        { at: new Date().toISOString() },
      );
      await expectStale(SEARCH);

      await expectFresh(SEARCH);
      await store.events.upsertOpeningIncidents(
        [
          {
            event: {
              source: 'alertmanager',
              fingerprint: 'fp-1',
              startsAt: new Date().toISOString(),
              entityRef: SEARCH,
              severity: 'exception',
              status: 'firing',
              summary: 'Down',
              labels: {},
            },
            incident: newIncident({ entityRef: SEARCH }),
          },
        ],
        { actor: 'plugin:value-stream' },
      );
      await expectStale(SEARCH);
    });

    it('is made stale by the stage task when stage or checklist changed', async () => {
      const { store, expectFresh, expectStale } = await setup(databaseId);
      const at = '2026-01-01T00:00:00.000Z';
      await store.stages.record(CART, {
        stage: 'build',
        at,
        gaps: 0,
        checklistKey: 'a',
      });
      await expectFresh(CART);
      // The same checklist again: nothing to rebuild.
      await store.stages.record(CART, {
        stage: 'build',
        at,
        gaps: 0,
        checklistKey: 'a',
      });
      expect((await store.summaries.get(CART)).body).toBeDefined();
      // A checklist item met through the catalog.
      await store.stages.record(CART, {
        stage: 'build',
        at,
        gaps: 0,
        checklistKey: 'b',
      });
      await expectStale(CART);
      await expectFresh(CART);
      await store.stages.record(CART, {
        stage: 'test',
        at,
        gaps: 0,
        checklistKey: 'c',
      });
      await expectStale(CART);
    });

    it('counts writes that race', async () => {
      const { store } = await setup(databaseId);
      await Promise.all(
        Array.from({ length: 8 }, () =>
          store.records.create('incident', newIncident({ entityRef: CART }), {
            actor: ALICE,
          }),
        ),
      );
      expect(await store.summaries.get(CART)).toEqual({ generation: 8 });
    });

    it("keeps the board's open counts with every write, also racing ones", async () => {
      const { store } = await setup(databaseId);
      const at = new Date().toISOString();
      await store.records.create('change', newChange({ entityRef: CART }), {
        actor: ALICE,
      });
      await store.stages.record(CART, {
        stage: 'operate',
        at,
        gaps: 0,
        facts: { kind: 'Component', title: 'Cart' },
      });
      const counts = async () => {
        const [row] = await store.stages.getBoardRows([CART]);
        return [row.openIncidents, row.breachedIncidents, row.openChanges];
      };
      expect(await counts()).toEqual([0, 0, 1]);

      const incidents = await Promise.all(
        Array.from({ length: 8 }, () =>
          store.records.create('incident', newIncident({ entityRef: CART }), {
            actor: ALICE,
          }),
        ),
      );
      expect(await counts()).toEqual([8, 0, 1]);
      await store.sla.markBreaches(
        [{ id: incidents[0].id, resolutionBreached: true }],
        { at },
      );
      expect(await counts()).toEqual([8, 1, 1]);
      await Promise.all(
        incidents.slice(0, 3).map(incident =>
          store.records.update('incident', {
            id: incident.id,
            expectedVersion:
              incident.version + (incident === incidents[0] ? 1 : 0),
            patch: { state: 'closed' },
            actor: ALICE,
          }),
        ),
      );
      expect(await counts()).toEqual([5, 0, 1]);

      // The stored item carries the rest of what the board shows.
      const [row] = await store.stages.getBoardRows([CART]);
      expect(JSON.parse(row.item!)).toEqual({
        entityRef: CART,
        title: 'Cart',
        kind: 'Component',
        stage: 'operate',
        stageSince: at,
        gaps: 0,
      });
    });

    it('leaves the documents of other entities alone', async () => {
      const { store, expectFresh } = await setup(databaseId);
      await expectFresh(SEARCH);
      await store.records.create('incident', newIncident({ entityRef: CART }), {
        actor: ALICE,
      });
      expect((await store.summaries.get(SEARCH)).body).toBeDefined();
    });
  },
);
