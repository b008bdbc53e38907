import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { EntitySummary } from '@valuestream/plugin-value-stream-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ValueStreamStore } from '../database/ValueStreamStore';
import type { RecordKind } from '../database/types';
import { testDatabaseIds } from '../__testUtils__/databases';
import { aliceContext } from '../__testUtils__/requestContext';
import {
  newChange,
  newIncident,
  newServiceLevel,
} from '../__testUtils__/records';
import { CatalogGateway } from './CatalogGateway';
import type { RequestContext } from './RequestContext';
import { readValueStreamSettings } from '../settings';
import { StageService } from './StageService';
import { SummaryService } from './SummaryService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });
const ALICE = 'user:default/alice';
const CART = 'component:default/cart';

function cart(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cart', namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
  };
}

/** The summary as the API returns it. */
async function summaryOf(
  summaries: SummaryService,
  entityRef: string,
  ctx: RequestContext,
): Promise<EntitySummary> {
  return JSON.parse(await summaries.getSummaryJson(entityRef, ctx));
}

async function setup(databaseId: TestDatabaseId, entities: Entity[]) {
  const knex = await databases.init(databaseId);
  const store = await ValueStreamStore.create({
    database: mockServices.database({ knex }),
  });
  const catalogApi = catalogServiceMock({ entities });
  const catalog = CatalogGateway.create({
    catalog: catalogApi,
    auth: mockServices.auth(),
  });
  const settings = readValueStreamSettings(mockServices.rootConfig());
  const logger = mockServices.logger.mock();
  const stages = StageService.create({ store, catalog, settings, logger });
  const summaries = SummaryService.create({ store, catalog, stages, logger });
  /** Another backend replica's service on the same database. */
  const replica = () =>
    SummaryService.create({ store, catalog, stages, logger });
  return { store, stages, summaries, replica, catalogApi };
}

/** A spy on the store's list reads of one record type. */
function spyOnList(store: ValueStreamStore, kind: RecordKind) {
  const spy = jest.fn();
  const list = store.records.list.bind(store.records);
  jest.spyOn(store.records, 'list').mockImplementation(((
    k: RecordKind,
    filter: never,
  ) => {
    if (k === kind) {
      spy(filter);
    }
    return list(k, filter);
  }) as typeof store.records.list);
  return spy;
}

describe.each(databases.eachSupportedId())(
  'SummaryService on %s',
  databaseId => {
    it('builds the summary once and serves it until a write', async () => {
      const { store, stages, summaries } = await setup(databaseId, [cart()]);
      await store.records.create(
        'serviceLevel',
        newServiceLevel({ entityRef: CART, state: 'agreed' }),
        { actor: ALICE },
      );
      await stages.recompute([CART]);

      const reads = spyOnList(store, 'change');
      const first = await summaryOf(summaries, CART, aliceContext('all'));
      expect(first.openChanges).toEqual([]);
      expect(first.serviceLevels).toHaveLength(1);
      expect(first.stageSince).toBeDefined();
      expect(reads).toHaveBeenCalledTimes(1);

      const second = await summaryOf(summaries, CART, aliceContext('all'));
      expect(reads).toHaveBeenCalledTimes(1);
      expect(second).toEqual(first);

      // A write shows at once, through a rebuild.
      const change = await store.records.create(
        'change',
        newChange({ entityRef: CART }),
        { actor: ALICE },
      );
      const third = await summaryOf(summaries, CART, aliceContext('all'));
      expect(reads).toHaveBeenCalledTimes(2);
      expect(third.openChanges.map(c => c.id)).toEqual([change.id]);
      // Headlines: the tab fetches the record for its history.
      expect(third.openChanges[0]).toMatchObject({
        title: change.title,
        version: change.version,
        entityRef: CART,
      });
      expect(Object.keys(third.openChanges[0])).toEqual(
        expect.not.arrayContaining(['history', 'createdBy', 'updatedAt']),
      );
    });

    it('serves a document it holds only while it is the stored one, across replicas', async () => {
      const { store, stages, summaries, replica } = await setup(databaseId, [
        cart(),
      ]);
      const other = replica();
      await stages.recompute([CART]);
      await summaries.refreshStale();
      await summaryOf(summaries, CART, aliceContext('all'));

      const reads = jest.spyOn(store.summaries, 'get');
      const again = await summaryOf(summaries, CART, aliceContext('all'));
      expect(again.openChanges).toEqual([]);
      // The database said it is the document held, without sending it.
      const stored = await reads.mock.results[0].value;
      expect(stored.known).toBe(true);
      expect(stored.body).toBeUndefined();

      // The other replica sees the write, rebuilds and stores the document;
      // this one then reads that document instead of the one it holds.
      const change = await store.records.create(
        'change',
        newChange({ entityRef: CART }),
        { actor: ALICE },
      );
      const seenByOther = await summaryOf(other, CART, aliceContext('all'));
      expect(seenByOther.openChanges.map(c => c.id)).toEqual([change.id]);
      const builds = spyOnList(store, 'change');
      const seen = await summaryOf(summaries, CART, aliceContext('all'));
      expect(seen.openChanges.map(c => c.id)).toEqual([change.id]);
      expect(builds).not.toHaveBeenCalled();
    });

    it('builds stale summaries ahead of the reads, after the stage task', async () => {
      const other = {
        ...cart(),
        metadata: { name: 'other', namespace: 'default' },
      };
      const { store, stages, summaries } = await setup(databaseId, [
        cart(),
        other,
      ]);
      await stages.recompute([CART, 'component:default/other']);
      expect(await summaries.refreshStale()).toEqual({ built: 2 });
      expect(await summaries.refreshStale()).toEqual({ built: 0 });

      const reads = spyOnList(store, 'change');
      await summaryOf(summaries, CART, aliceContext('all'));
      expect(reads).not.toHaveBeenCalled();

      await store.records.create('change', newChange({ entityRef: CART }), {
        actor: ALICE,
      });
      expect(await summaries.refreshStale()).toEqual({ built: 1 });
      const summary = await summaryOf(summaries, CART, aliceContext('all'));
      expect(summary.openChanges).toHaveLength(1);
      expect(reads).toHaveBeenCalledTimes(1);
    });

    it('computes attainment at the time of the read', async () => {
      const { store, stages, summaries } = await setup(databaseId, [cart()]);
      await store.records.create(
        'serviceLevel',
        newServiceLevel({ entityRef: CART, state: 'agreed' }),
        { actor: ALICE },
      );
      // A P1 outage that is still open: downtime grows with the clock.
      await store.records.create(
        'incident',
        newIncident({ entityRef: CART, priority: 'P1' }),
        { actor: ALICE, at: new Date(Date.now() - 60 * 60_000).toISOString() },
      );
      await stages.recompute([CART]);
      await summaryOf(summaries, CART, aliceContext('all'));
      const stored = await store.summaries.get(CART);
      expect(stored.body).toBeDefined();

      jest.useFakeTimers({
        now: Date.now() + 60 * 60_000,
        doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval'],
      });
      try {
        const reads = spyOnList(store, 'incident');
        const later = await summaryOf(summaries, CART, aliceContext('all'));
        expect(reads).not.toHaveBeenCalled();
        // The stored attainment inputs: the first of the document's lines.
        const inputs = JSON.parse(stored.body!.split('\n')[0]);
        expect(inputs.serviceLevels).toHaveLength(1);
        // Two hours down of the 30-day window now, not one.
        expect(later.serviceLevels[0].availability).toBeCloseTo(
          100 * (1 - 2 / (30 * 24)),
          3,
        );
      } finally {
        jest.useRealTimers();
      }
    });

    it('rebuilds when the stage task saw the catalog change', async () => {
      const entity = cart();
      const { stages, summaries, catalogApi } = await setup(databaseId, [
        entity,
      ]);
      await stages.recompute([CART]);
      const before = await summaryOf(summaries, CART, aliceContext('all'));
      const runbook = (s: typeof before) =>
        s.checklist.find(item => item.id === 'runbook')?.met;
      expect(runbook(before)).toBe(false);

      // The catalog gains a runbook; no record is written.
      entity.metadata.annotations = {
        'valuestream.io/runbook': 'https://runbooks.example.com/cart',
      };
      await catalogApi.refreshEntity(CART).catch(() => undefined);
      expect(
        runbook(await summaryOf(summaries, CART, aliceContext('all'))),
      ).toBe(false);
      await stages.recompute([CART]);
      expect(
        runbook(await summaryOf(summaries, CART, aliceContext('all'))),
      ).toBe(true);
    });

    it('answers 404 to callers who may not read the entity', async () => {
      const { stages, summaries } = await setup(databaseId, [cart()]);
      await stages.recompute([CART]);
      await summaryOf(summaries, CART, aliceContext('all'));
      await expect(
        summaryOf(summaries, CART, aliceContext('none')),
      ).rejects.toThrow(NotFoundError);
      // Conditions are the catalog's to apply; this one does not know it.
      const other = await setup(databaseId, []);
      await other.store.stages.record(CART, {
        stage: 'operate',
        at: new Date().toISOString(),
        gaps: 0,
      });
      await expect(
        summaryOf(other.summaries, CART, aliceContext('conditional')),
      ).rejects.toThrow(NotFoundError);
    });

    it('reads an entity the stage task has not placed from the catalog', async () => {
      const { store, summaries } = await setup(databaseId, [cart()]);
      const change = await store.records.create(
        'change',
        newChange({ entityRef: CART }),
        { actor: ALICE },
      );
      const summary = await summaryOf(summaries, CART, aliceContext('all'));
      expect(summary.openChanges.map(c => c.id)).toEqual([change.id]);
      expect(summary.stageSince).toBeUndefined();
      // Never served without a stage row, so not kept.
      expect(await store.summaries.get(CART)).toEqual({ generation: 1 });
    });

    it('answers 404 for an entity the catalog does not hold', async () => {
      const { summaries } = await setup(databaseId, []);
      await expect(
        summaryOf(summaries, 'component:default/nope', aliceContext('all')),
      ).rejects.toThrow(NotFoundError);
    });
  },
);
