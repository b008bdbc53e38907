import { randomUUID } from 'node:crypto';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { testDatabaseIds } from '../__testUtils__/databases';
import {
  newChange,
  newDeployment,
  newIncident,
  newRelease,
  TEST_ENTITY,
} from '../__testUtils__/records';
import type { EventStore } from './EventStore';
import { PgEventBatchWriter } from './PgEventBatchWriter';
import type { NewEvent } from './types';
import { ValueStreamStore } from './ValueStreamStore';

type BatchWriter = Pick<EventStore, 'upsertMany' | 'upsertOpeningIncidents'>;

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });
const ACTOR = 'external:alertmanager';

function t(minutes: number): string {
  return new Date(
    Date.UTC(2026, 0, 1, 0, 0, 0) + minutes * 60_000,
  ).toISOString();
}

function event(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    entityRef: null,
    source: 'alertmanager',
    fingerprint: 'fp-1',
    severity: 'exception',
    status: 'firing',
    summary: 'Checkout error rate above 5%',
    labels: { alertname: 'CheckoutHighErrorRate' },
    startsAt: t(0),
    receivedAt: t(1),
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'EventStore ingestion on %s',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await ValueStreamStore.create({
        database: mockServices.database({ knex }),
      });
      return { knex, store };
    }

    it('lists the events of a fingerprint received since a time', async () => {
      const { store } = await createStore();
      await store.events.upsert(event({ startsAt: t(0), receivedAt: t(1) }));
      const later = await store.events.upsert(
        event({ startsAt: t(30), receivedAt: t(31) }),
      );
      await store.events.upsert(
        event({ fingerprint: 'other', receivedAt: t(31) }),
      );
      await store.events.upsert(
        event({ source: 'github', fingerprint: 'fp-1', receivedAt: t(31) }),
      );

      const events = await store.events.listByFingerprint(
        'alertmanager',
        'fp-1',
        t(10),
      );
      expect(events.map(e => e.id)).toEqual([later.event.id]);
      expect(
        await store.events.listByFingerprint('alertmanager', 'fp-1', t(0)),
      ).toHaveLength(2);
    });

    it('creates one incident per (source, externalId) and links the events, also concurrently', async () => {
      const { store } = await createStore();
      const first = await store.events.upsert(event());
      const second = await store.events.upsert(event({ startsAt: t(5) }));
      const input = newIncident({
        source: 'alertmanager',
        externalId: 'alertmanager:fp-1:0',
        reporter: ACTOR,
      });

      const results = await Promise.all([
        store.events.createIncidentFor(input, {
          eventId: first.event.id,
          actor: ACTOR,
          at: t(2),
        }),
        store.events.createIncidentFor(input, {
          eventId: second.event.id,
          actor: ACTOR,
          at: t(2),
        }),
      ]);
      expect(results.map(r => r.created).sort()).toEqual([false, true]);
      expect(results[0].incident.id).toBe(results[1].incident.id);
      const { items } = await store.records.list('incident', { limit: 10 });
      expect(items).toHaveLength(1);
      expect((await store.events.get(first.event.id))?.incidentId).toBe(
        items[0].id,
      );
      expect((await store.events.get(second.event.id))?.incidentId).toBe(
        items[0].id,
      );

      await expect(
        store.records.getIncidentByExternalId(
          'alertmanager',
          'alertmanager:fp-1:0',
        ),
      ).resolves.toMatchObject({ id: items[0].id });
      await expect(
        store.records.getIncidentByExternalId(
          'pagerduty',
          'alertmanager:fp-1:0',
        ),
      ).resolves.toBeUndefined();
      // Portal incidents without an external id are not constrained.
      await store.records.create('incident', newIncident(), {
        actor: 'user:default/alice',
      });
      await store.records.create('incident', newIncident(), {
        actor: 'user:default/alice',
      });
    });

    // The store writes the events of a delivery; on PostgreSQL ingestion
    // writes them with PgEventBatchWriter, which must write the same.
    describe.each(
      databaseId === 'POSTGRES_15'
        ? ['store', 'PgEventBatchWriter']
        : ['store'],
    )('batches written by the %s', writerName => {
      async function createWriter() {
        const { knex, store } = await createStore();
        const pg = PgEventBatchWriter.forDatabase(knex);
        if (writerName === 'store') {
          return { knex, store, writer: store.events as BatchWriter };
        }
        const writer: BatchWriter = {
          upsertMany: inputs =>
            pg!.write(
              inputs.map(e => ({ event: e })),
              { at: new Date().toISOString(), actor: ACTOR },
            ),
          upsertOpeningIncidents: (items, options) =>
            pg!.write(items, {
              at: options.at ?? new Date().toISOString(),
              actor: options.actor,
            }),
        };
        return { knex, store, writer };
      }

      it('upserts a batch of events in input order, once per key', async () => {
        const { knex, store, writer } = await createWriter();
        const existing = await store.events.upsert(
          event({ fingerprint: 'fp-0', entityRef: TEST_ENTITY }),
        );
        const results = await writer.upsertMany([
          event({ fingerprint: 'fp-2' }),
          event({ fingerprint: 'fp-0', status: 'resolved', endsAt: t(3) }),
          event({ fingerprint: 'fp-1', summary: 'first' }),
          event({
            fingerprint: 'fp-1',
            summary: 'second',
            entityRef: TEST_ENTITY,
          }),
        ]);
        expect(results.map(r => [r.event.fingerprint, r.created])).toEqual([
          ['fp-2', true],
          ['fp-0', false],
          ['fp-1', true],
          ['fp-1', false],
        ]);
        // An update keeps the id and the entity it had.
        expect(results[1].event).toMatchObject({
          id: existing.event.id,
          status: 'resolved',
          endsAt: t(3),
          entityRef: TEST_ENTITY,
        });
        // Each result is the event as stored.
        for (const r of results) {
          expect(r.event).toEqual(await store.events.get(r.event.id));
        }
        // Two inputs of one key fold into one row, the later values winning.
        expect(results[2].event.id).toBe(results[3].event.id);
        expect(results[3].event).toMatchObject({
          summary: 'second',
          entityRef: TEST_ENTITY,
        });
        const [{ n }] = await knex('vs_events').count({ n: '*' });
        expect(Number(n)).toBe(3);
        expect(await writer.upsertMany([])).toEqual([]);
        await expect(
          writer.upsertMany([
            event({ fingerprint: 'fp-3', startsAt: 'never' }),
          ]),
        ).rejects.toThrow(/startsAt/);
      });

      it('stores overlapping concurrent batches once per key', async () => {
        const { knex, writer } = await createWriter();
        const batch = (offset: number) =>
          Array.from({ length: 600 }, (_, i) =>
            event({ fingerprint: `fp-${(i * 7 + offset) % 900}` }),
          );
        const all = await Promise.all(
          [0, 300, 600, 0].map(o => writer.upsertMany(batch(o))),
        );
        const created = all.flat().filter(r => r.created);
        const [{ n }] = await knex('vs_events').count({ n: '*' });
        const [{ d }] = await knex('vs_events').countDistinct({
          d: 'fingerprint',
        });
        expect(Number(n)).toBe(900);
        expect(Number(d)).toBe(900);
        expect(created).toHaveLength(900);
      });

      it('opens the incidents of events first of their fingerprint in the same transaction', async () => {
        const { knex, store, writer } = await createWriter();
        // fp-b has an earlier instance: nothing is opened for it.
        await store.events.upsert(
          event({ fingerprint: 'fp-b', startsAt: t(-60) }),
        );
        const input = (key: string) =>
          newIncident({
            source: 'alertmanager',
            externalId: key,
            reporter: ACTOR,
          });
        const results = await writer.upsertOpeningIncidents(
          [
            { event: event({ fingerprint: 'fp-a' }), incident: input('k-a') },
            { event: event({ fingerprint: 'fp-b' }), incident: input('k-b') },
            { event: event({ fingerprint: 'fp-c' }) },
            { event: event({ fingerprint: 'fp-a' }), incident: input('k-a') },
          ],
          { actor: ACTOR, at: t(2) },
        );
        expect(
          results.map(r => [r.created, r.openedIncidentId !== undefined]),
        ).toEqual([
          [true, true],
          [true, false],
          [true, false],
          [false, false],
        ]);
        const opened = await store.records.get(
          'incident',
          results[0].openedIncidentId!,
        );
        expect(opened).toMatchObject({
          externalId: 'k-a',
          state: 'new',
          createdAt: t(2),
          history: [{ at: t(2), by: ACTOR, from: null, to: 'new' }],
        });
        expect(results[0].event.incidentId).toBe(opened!.id);
        expect(results[3].event.incidentId).toBe(opened!.id);
        expect((await store.events.get(results[0].event.id))?.incidentId).toBe(
          opened!.id,
        );

        // Delivered again: the event is linked already, nothing opens.
        const again = await writer.upsertOpeningIncidents(
          [{ event: event({ fingerprint: 'fp-a' }), incident: input('k-a') }],
          { actor: ACTOR },
        );
        expect(again[0]).toMatchObject({ created: false });
        expect(again[0].openedIncidentId).toBeUndefined();

        // The incident exists (opened by a concurrent delivery) but the
        // event is not linked: the events are stored, nothing is opened.
        const [{ id: eventD }] = await knex('vs_events')
          .where('fingerprint', 'fp-c')
          .select('id');
        await store.events.createIncidentFor(input('k-d'), {
          eventId: String(eventD),
          actor: ACTOR,
        });
        const refused = await writer.upsertOpeningIncidents(
          [
            { event: event({ fingerprint: 'fp-d' }), incident: input('k-d') },
            { event: event({ fingerprint: 'fp-e' }) },
          ],
          { actor: ACTOR },
        );
        expect(refused.map(r => [r.created, r.openedIncidentId])).toEqual([
          [true, undefined],
          [true, undefined],
        ]);
        const [{ n }] = await knex('vs_incidents').count({ n: '*' });
        expect(Number(n)).toBe(2);
        expect(
          await writer.upsertOpeningIncidents([], { actor: ACTOR }),
        ).toEqual([]);

        // Stored before without an incident (unmatched, say): a delivery
        // with its draft opens it, though the event is not new.
        const earlier = await store.events.upsert(
          event({ fingerprint: 'fp-f' }),
        );
        const late = await writer.upsertOpeningIncidents(
          [{ event: event({ fingerprint: 'fp-f' }), incident: input('k-f') }],
          { actor: ACTOR },
        );
        expect(late[0]).toMatchObject({
          created: false,
          event: { id: earlier.event.id },
        });
        expect(late[0].openedIncidentId).toBeDefined();
        expect(late[0].event.incidentId).toBe(late[0].openedIncidentId);
        expect((await store.events.get(earlier.event.id))?.incidentId).toBe(
          late[0].openedIncidentId,
        );
      });

      it('opens one incident when concurrent deliveries carry the same new alert', async () => {
        const { knex, writer } = await createWriter();
        const input = newIncident({
          source: 'alertmanager',
          externalId: 'k-race',
          reporter: ACTOR,
        });
        const results = await Promise.all(
          Array.from({ length: 4 }, () =>
            writer.upsertOpeningIncidents(
              [{ event: event({ fingerprint: 'fp-race' }), incident: input }],
              { actor: ACTOR },
            ),
          ),
        );
        expect(results.flat().filter(r => r.created)).toHaveLength(1);
        const opened = results.flat().filter(r => r.openedIncidentId);
        expect(opened).toHaveLength(1);
        expect(results.flat().every(r => r.event.incidentId)).toBe(true);
        const [{ n }] = await knex('vs_incidents').count({ n: '*' });
        expect(Number(n)).toBe(1);
      });

      it("keeps the board counts and the summary of the incidents' entities", async () => {
        const { store, writer } = await createWriter();
        await store.stages.record(TEST_ENTITY, {
          stage: 'operate',
          at: t(0),
          gaps: 0,
        });
        const before = await store.summaries.get(TEST_ENTITY);
        expect(
          await store.summaries.save(TEST_ENTITY, {
            generation: before.generation,
            body: '{}',
          }),
        ).toBe(true);
        // An alert on the entity and the incident it opens.
        const alert = (fingerprint: string) => ({
          event: event({ fingerprint, entityRef: TEST_ENTITY }),
          incident: newIncident({
            entityRef: TEST_ENTITY,
            source: 'alertmanager',
            externalId: `k-${fingerprint}`,
            reporter: ACTOR,
          }),
        });
        await writer.upsertOpeningIncidents(['fp-1', 'fp-2'].map(alert), {
          actor: ACTOR,
        });
        const [row] = await store.stages.getBoardRows([TEST_ENTITY]);
        expect(row.openIncidents).toBe(2);
        expect((await store.summaries.get(TEST_ENTITY)).body).toBeUndefined();

        // Racing deliveries recount in turn.
        await Promise.all(
          ['fp-3', 'fp-4', 'fp-5', 'fp-6'].map(fingerprint =>
            writer.upsertOpeningIncidents([alert(fingerprint)], {
              actor: ACTOR,
            }),
          ),
        );
        const [after] = await store.stages.getBoardRows([TEST_ENTITY]);
        expect(after.openIncidents).toBe(6);
      });
    });

    it('finds the open incident of a fingerprint', async () => {
      const { store } = await createStore();
      const { event: e } = await store.events.upsert(event());
      await expect(
        store.events.findOpenIncidentForFingerprint('alertmanager', 'fp-1'),
      ).resolves.toBeUndefined();
      const { incident } = await store.events.createIncidentFor(
        newIncident({ source: 'alertmanager', externalId: 'k1' }),
        { eventId: e.id, actor: ACTOR },
      );
      await expect(
        store.events.findOpenIncidentForFingerprint('alertmanager', 'fp-1'),
      ).resolves.toMatchObject({ id: incident.id });
      await store.records.update('incident', {
        id: incident.id,
        expectedVersion: incident.version,
        patch: { resolvedAt: t(9), resolutionNote: 'ok' },
        actor: ACTOR,
        history: { to: 'resolved' },
      });
      await expect(
        store.events.findOpenIncidentForFingerprint('alertmanager', 'fp-1'),
      ).resolves.toBeUndefined();
    });

    it('maps an unmatched event once', async () => {
      const { store } = await createStore();
      const { event: e } = await store.events.upsert(event());
      const mapped = await store.events.map(e.id, 'Component:Default/Checkout');
      expect(mapped.entityRef).toBe(TEST_ENTITY);
      await expect(
        store.events.map(e.id, 'component:default/cart'),
      ).rejects.toBeInstanceOf(ConflictError);
      await expect(
        store.events.map(randomUUID(), TEST_ENTITY),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        store.events.map('nope', TEST_ENTITY),
      ).rejects.toBeInstanceOf(NotFoundError);
      const { items } = await store.events.list({ unmatched: true, limit: 10 });
      expect(items).toEqual([]);
    });

    it('finds the change that authorizes a deployment', async () => {
      const { store } = await createStore();
      await store.records.create(
        'change',
        newChange({
          state: 'scheduled',
          plannedStart: t(100),
          plannedEnd: t(200),
        }),
        { actor: 'user:default/alice', at: t(0) },
      );
      const open = await store.records.create(
        'change',
        newChange({ state: 'implement' }),
        { actor: 'user:default/alice', at: t(1) },
      );
      await store.records.create('change', newChange({ state: 'new' }), {
        actor: 'user:default/alice',
        at: t(2),
      });
      await expect(
        store.records.findAuthorizedChange(TEST_ENTITY, t(50)),
      ).resolves.toMatchObject({ id: open.id });
      const inWindow = await store.records.findAuthorizedChange(
        TEST_ENTITY,
        t(150),
      );
      expect(inWindow?.id).toBe(open.id); // newest wins
      await expect(
        store.records.findAuthorizedChange('component:default/cart', t(150)),
      ).resolves.toBeUndefined();
    });

    it('refuses a second deployment or release with the same external id', async () => {
      const { store } = await createStore();
      await store.records.create(
        'deployment',
        newDeployment({ externalId: 'gh-1' }),
        { actor: ACTOR },
      );
      await expect(
        store.records.create(
          'deployment',
          newDeployment({ externalId: 'gh-1' }),
          { actor: ACTOR },
        ),
      ).rejects.toBeInstanceOf(ConflictError);
      await store.records.create('deployment', newDeployment(), {
        actor: ACTOR,
      });
      await store.records.create('deployment', newDeployment(), {
        actor: ACTOR,
      });

      await store.records.create(
        'release',
        newRelease({ externalId: 'r-1', gitTag: 'v1' }),
        { actor: ACTOR },
      );
      await expect(
        store.records.create('release', newRelease({ externalId: 'r-1' }), {
          actor: ACTOR,
        }),
      ).rejects.toBeInstanceOf(ConflictError);
      const { items } = await store.records.list('release', {
        entityRefs: [TEST_ENTITY],
        gitTag: 'v1',
        limit: 5,
      });
      expect(items.map(r => r.externalId)).toEqual(['r-1']);
    });
  },
);
