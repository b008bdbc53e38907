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
import { DatabaseValueStreamStore } from './DatabaseValueStreamStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });
const ALICE = 'user:default/alice';
const CART = 'component:default/cart';
const SEARCH = 'component:default/search';

async function setup(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const store = await DatabaseValueStreamStore.create({
    database: mockServices.database({ knex }),
  });
  /** Stores a document for the entity and checks it is served. */
  const expectFresh = async (ref: string) => {
    const { generation } = await store.getStoredSummary(ref);
    expect(
      await store.saveSummary(ref, generation, `{"g":${generation}}`),
    ).toBe(true);
    expect((await store.getStoredSummary(ref)).body).toBe(
      `{"g":${generation}}`,
    );
  };
  /** The stored document of the entity was made stale. */
  const expectStale = async (ref: string) =>
    expect((await store.getStoredSummary(ref)).body).toBeUndefined();
  return { store, expectFresh, expectStale };
}

describe.each(databases.eachSupportedId())(
  'read models kept by the writes, on %s',
  databaseId => {
    it('serves a document only at the generation it was built at', async () => {
      const { store } = await setup(databaseId);
      expect(await store.getStoredSummary(CART)).toEqual({ generation: 0 });

      // Built from reads made at generation 0, while a write commits.
      const before = await store.getStoredSummary(CART);
      await store.createIncident(newIncident({ entityRef: CART }), ALICE);
      expect(await store.saveSummary(CART, before.generation, '{}')).toBe(
        false,
      );
      const after = await store.getStoredSummary(CART);
      expect(after).toEqual({ generation: 1 });

      expect(await store.saveSummary(CART, after.generation, '{"a":1}')).toBe(
        true,
      );
      expect(await store.getStoredSummary(CART)).toEqual({
        generation: 1,
        body: '{"a":1}',
      });
      // A later build at the same generation replaces it.
      expect(await store.saveSummary(CART, 1, '{"a":2}')).toBe(true);
      expect((await store.getStoredSummary(CART)).body).toBe('{"a":2}');
    });

    it('returns the stored stage with the document', async () => {
      const { store, expectFresh } = await setup(databaseId);
      await store.recordStage(CART, 'build', '2026-01-01T00:00:00.000Z', {
        gaps: 0,
      });
      await expectFresh(CART);
      const stored = await store.getStoredSummary('Component:default/Cart');
      expect(stored.stage).toMatchObject({
        entityRef: CART,
        stage: 'build',
        since: '2026-01-01T00:00:00.000Z',
      });
      // Forgetting the stage forgets the document.
      await store.deleteEntityStages([CART]);
      expect(await store.getStoredSummary(CART)).toEqual({ generation: 0 });
    });

    it('is made stale by every kind of write to the entity', async () => {
      const { store, expectFresh, expectStale } = await setup(databaseId);
      const writes: Array<[string, () => Promise<unknown>]> = [];
      const change = await store.createChange(
        newChange({ entityRef: CART }),
        ALICE,
      );
      const release = await store.createRelease(
        newRelease({ entityRef: CART }),
        ALICE,
      );
      const incident = await store.createIncident(
        newIncident({ entityRef: SEARCH }),
        ALICE,
      );
      const problem = await store.createProblem(
        newProblem({ entityRef: CART }),
        ALICE,
      );
      writes.push(
        [
          'create',
          () =>
            store.createServiceLevel(
              newServiceLevel({ entityRef: CART }),
              ALICE,
            ),
        ],
        [
          'update',
          () => store.updateChange(change.id, 1, { title: 'Renamed' }, ALICE),
        ],
        [
          'approval',
          () =>
            store.addApproval(
              change.id,
              { approver: 'user:default/bob', decision: 'approved' },
              2,
            ),
        ],
        [
          'release link',
          () => store.linkReleaseChanges(release.id, [change.id]),
        ],
        [
          'release unlink',
          () => store.unlinkReleaseChanges(release.id, [change.id]),
        ],
        [
          'problem link',
          () => store.linkProblemIncidents(problem.id, [incident.id]),
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
      await store.unlinkProblemIncidents(problem.id, [incident.id]);
      await expectStale(SEARCH);

      await expectFresh(SEARCH);
      await store.markIncidentBreaches(
        [{ id: incident.id, responseBreached: true }],
        new Date().toISOString(),
      );
      await expectStale(SEARCH);

      await expectFresh(SEARCH);
      await store.upsertEventsOpeningIncidents(
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
        'plugin:value-stream',
      );
      await expectStale(SEARCH);
    });

    it('is made stale by the stage task when stage or checklist changed', async () => {
      const { store, expectFresh, expectStale } = await setup(databaseId);
      const at = '2026-01-01T00:00:00.000Z';
      await store.recordStage(CART, 'build', at, {
        gaps: 0,
        checklistKey: 'a',
      });
      await expectFresh(CART);
      // The same checklist again: nothing to rebuild.
      await store.recordStage(CART, 'build', at, {
        gaps: 0,
        checklistKey: 'a',
      });
      expect((await store.getStoredSummary(CART)).body).toBeDefined();
      // A checklist item met through the catalog.
      await store.recordStage(CART, 'build', at, {
        gaps: 0,
        checklistKey: 'b',
      });
      await expectStale(CART);
      await expectFresh(CART);
      await store.recordStage(CART, 'test', at, { gaps: 0, checklistKey: 'c' });
      await expectStale(CART);
    });

    it('counts writes that race', async () => {
      const { store } = await setup(databaseId);
      await Promise.all(
        Array.from({ length: 8 }, () =>
          store.createIncident(newIncident({ entityRef: CART }), ALICE),
        ),
      );
      expect(await store.getStoredSummary(CART)).toEqual({ generation: 8 });
    });

    it("keeps the board's open counts with every write, also racing ones", async () => {
      const { store } = await setup(databaseId);
      const at = new Date().toISOString();
      await store.createChange(newChange({ entityRef: CART }), ALICE);
      await store.recordStage(CART, 'operate', at, {
        gaps: 0,
        facts: { kind: 'Component', title: 'Cart' },
      });
      const counts = async () => {
        const [row] = await store.getBoardRows([CART]);
        return [row.openIncidents, row.breachedIncidents, row.openChanges];
      };
      expect(await counts()).toEqual([0, 0, 1]);

      const incidents = await Promise.all(
        Array.from({ length: 8 }, () =>
          store.createIncident(newIncident({ entityRef: CART }), ALICE),
        ),
      );
      expect(await counts()).toEqual([8, 0, 1]);
      await store.markIncidentBreaches(
        [{ id: incidents[0].id, resolutionBreached: true }],
        at,
      );
      expect(await counts()).toEqual([8, 1, 1]);
      await Promise.all(
        incidents
          .slice(0, 3)
          .map(incident =>
            store.updateIncident(
              incident.id,
              incident.version + (incident === incidents[0] ? 1 : 0),
              { state: 'closed' },
              ALICE,
            ),
          ),
      );
      expect(await counts()).toEqual([5, 0, 1]);

      // The stored item carries the rest of what the board shows.
      const [row] = await store.getBoardRows([CART]);
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
      await store.createIncident(newIncident({ entityRef: CART }), ALICE);
      expect((await store.getStoredSummary(SEARCH)).body).toBeDefined();
    });
  },
);
