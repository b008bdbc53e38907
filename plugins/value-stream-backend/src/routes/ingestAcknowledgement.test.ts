/*
 * What a sender's retry relies on: a 2xx from an ingest endpoint means the
 * delivery is committed; a store that fails before the commit answers 5xx
 * and keeps nothing of it, so the retry is the first delivery; a retry after
 * the commit is a duplicate and is answered as one.
 *
 * The store fails through a trigger that aborts inserts into a table, so the
 * failure comes from inside the delivery's transaction, after some of its
 * rows were written.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { testDatabaseIds } from '../__testUtils__/databases';
import {
  alertNotification,
  INGEST_CONFIG,
  INGEST_TEST_ENTITIES,
  ingestFixture,
  rowCounts,
  sendersOf,
} from '../__testUtils__/ingestBackend';
import {
  CHECKOUT,
  RouteBackend,
  startRouteBackend,
} from '../__testUtils__/routeBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

/** Makes every insert into `table` fail until the returned undo runs. */
async function failInserts(
  knex: Knex,
  table: string,
): Promise<() => Promise<void>> {
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE OR REPLACE FUNCTION vs_test_fail_insert() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`);
    await knex.raw(
      `CREATE TRIGGER vs_test_fail BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION vs_test_fail_insert()`,
    );
    return async () => {
      await knex.raw(`DROP TRIGGER vs_test_fail ON ${table}`);
    };
  }
  await knex.raw(
    `CREATE TRIGGER vs_test_fail BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
  );
  return async () => {
    await knex.raw('DROP TRIGGER vs_test_fail');
  };
}

describe.each(databases.eachSupportedId())(
  'ingest acknowledgements on %s',
  databaseId => {
    let backend: RouteBackend;
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startRouteBackend({
        knex,
        config: INGEST_CONFIG,
        entities: INGEST_TEST_ENTITIES,
      });
    });
    afterAll(() => backend.stop());

    const send = () => sendersOf(backend.server);

    it('answers 5xx and keeps nothing when an Alertmanager delivery fails before its commit; the retry is stored once', async () => {
      // A warning alert (an event only) and a critical one, whose incident
      // is opened in the same transaction: that insert fails, after the
      // events' were written.
      const notification = alertNotification({
        fingerprint: 'ack0000000000001',
      });
      notification.alerts.push({
        ...notification.alerts[0],
        labels: {
          alertname: 'SlowDisk',
          severity: 'warning',
          backstage_entity: CHECKOUT,
        },
        fingerprint: 'ack0000000000002',
      });
      const before = await rowCounts(knex);

      const undo = await failInserts(knex, 'vs_incidents');
      let failed;
      try {
        failed = await send().alertmanager(notification);
      } finally {
        await undo();
      }
      expect(failed.status).toBeGreaterThanOrEqual(500);
      expect(await rowCounts(knex)).toEqual(before);

      const retry = await send().alertmanager(notification);
      expect(retry.status).toBe(202);
      expect(retry.body.items).toEqual([
        expect.objectContaining({
          entityRef: CHECKOUT,
          outcome: 'incident-opened',
          duplicate: false,
        }),
        expect.objectContaining({ outcome: 'recorded', duplicate: false }),
      ]);
      const after = await rowCounts(knex);
      expect(after.vs_events).toBe(before.vs_events + 2);
      expect(after.vs_incidents).toBe(before.vs_incidents + 1);

      // After the commit a retry is a duplicate, answered as one.
      const again = await send().alertmanager(notification);
      expect(again.status).toBe(202);
      expect(again.body.items).toEqual([
        expect.objectContaining({
          duplicate: true,
          incidentId: retry.body.items[0].incidentId,
        }),
        expect.objectContaining({ duplicate: true }),
      ]);
      expect(await rowCounts(knex)).toEqual(after);
    });

    it('answers 5xx when the events cannot be stored at all', async () => {
      const notification = alertNotification({
        fingerprint: 'ack0000000000003',
        labels: { severity: 'info' },
      });
      const before = await rowCounts(knex);
      const undo = await failInserts(knex, 'vs_events');
      let failed;
      try {
        failed = await send().alertmanager(notification);
      } finally {
        await undo();
      }
      expect(failed.status).toBeGreaterThanOrEqual(500);
      expect(await rowCounts(knex)).toEqual(before);
      const retry = await send().alertmanager(notification);
      expect(retry.status).toBe(202);
      expect(retry.body.items[0]).toMatchObject({ duplicate: false });
      expect((await rowCounts(knex)).vs_events).toBe(before.vs_events + 1);
    });

    it('answers 5xx for a GitHub deployment that cannot be stored; the retry creates it once', async () => {
      const deployment = ingestFixture('github-deployment.json');
      const before = await rowCounts(knex);
      const undo = await failInserts(knex, 'vs_deployments');
      let failed;
      try {
        failed = await send().github('deployment', deployment, 'ack-d1');
      } finally {
        await undo();
      }
      expect(failed.status).toBeGreaterThanOrEqual(500);
      // The delivery's event was committed first; its deployment was not.
      expect((await rowCounts(knex)).vs_deployments).toBe(
        before.vs_deployments,
      );

      // The retry finishes it: the event is a duplicate, the deployment new.
      const retry = await send().github('deployment', deployment, 'ack-d1');
      expect(retry.status).toBe(202);
      expect(retry.body.items[0]).toMatchObject({
        outcome: 'deployment-created',
        duplicate: true,
      });
      const again = await send().github('deployment', deployment, 'ack-d1');
      expect(again.status).toBe(202);
      expect(again.body.items[0]).toMatchObject({
        outcome: 'deployment-unchanged',
        duplicate: true,
        deploymentId: retry.body.items[0].deploymentId,
      });
      // No change covers this production deployment: it is flagged once,
      // its event beside the delivery's.
      expect(retry.body.items[0]).toMatchObject({ unauthorized: true });
      const after = await rowCounts(knex);
      expect(after.vs_deployments).toBe(before.vs_deployments + 1);
      expect(after.vs_events).toBe(before.vs_events + 2);
    });

    it('answers 5xx when a PagerDuty incident cannot be opened; the retry opens it once', async () => {
      const triggered = ingestFixture('pagerduty-incident-triggered.json');
      const before = await rowCounts(knex);
      const undo = await failInserts(knex, 'vs_incidents');
      let failed;
      try {
        failed = await send().pagerduty(triggered);
      } finally {
        await undo();
      }
      expect(failed.status).toBeGreaterThanOrEqual(500);
      expect((await rowCounts(knex)).vs_incidents).toBe(before.vs_incidents);
      expect((await rowCounts(knex)).vs_events).toBe(before.vs_events + 1);

      // The event was committed before the incident failed: the retry
      // finishes the delivery rather than calling it a duplicate.
      const retry = await send().pagerduty(triggered);
      expect(retry.status).toBe(202);
      expect(retry.body.items[0]).toMatchObject({
        entityRef: CHECKOUT,
        outcome: 'incident-opened',
        duplicate: true,
      });
      const again = await send().pagerduty(triggered);
      expect(again.status).toBe(202);
      expect(again.body.items[0]).toMatchObject({
        outcome: 'duplicate',
        duplicate: true,
        incidentId: retry.body.items[0].incidentId,
      });
      const after = await rowCounts(knex);
      expect(after.vs_incidents).toBe(before.vs_incidents + 1);
      expect(after.vs_events).toBe(before.vs_events + 1);
    });
  },
);
