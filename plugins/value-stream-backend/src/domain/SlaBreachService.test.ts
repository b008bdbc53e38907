import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ValueStreamStore } from '../database/ValueStreamStore';
import { newIncident } from '../__testUtils__/records';
import { SlaBreachService } from './SlaBreachService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const OPENED = '2026-03-01T10:00:00.000Z';
const NOW = '2026-03-01T10:30:00.000Z';

describe('SlaBreachService', () => {
  it('flags due incidents once, leaving others alone', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await ValueStreamStore.create({
      database: mockServices.database({ knex }),
    });
    const actor = 'user:default/alice';
    const responseDue = await store.records.create(
      'incident',
      newIncident({
        sla: {
          responseDueAt: '2026-03-01T10:15:00.000Z',
          resolutionDueAt: '2026-03-01T14:00:00.000Z',
          pausedMs: 0,
          responseBreached: false,
          resolutionBreached: false,
        },
      }),
      { actor, at: OPENED },
    );
    const bothDue = await store.records.create(
      'incident',
      newIncident({
        sla: {
          responseDueAt: '2026-03-01T10:05:00.000Z',
          resolutionDueAt: '2026-03-01T10:20:00.000Z',
          pausedMs: 0,
          responseBreached: false,
          resolutionBreached: false,
        },
      }),
      { actor, at: OPENED },
    );
    const notDue = await store.records.create(
      'incident',
      newIncident({
        sla: {
          responseDueAt: '2026-03-01T11:00:00.000Z',
          resolutionDueAt: '2026-03-01T14:00:00.000Z',
          pausedMs: 0,
          responseBreached: false,
          resolutionBreached: false,
        },
      }),
      { actor, at: OPENED },
    );
    const paused = await store.records.create(
      'incident',
      newIncident({
        waitingOnReporter: true,
        sla: {
          responseDueAt: '2026-03-01T10:05:00.000Z',
          resolutionDueAt: '2026-03-01T10:20:00.000Z',
          pausedAt: '2026-03-01T10:01:00.000Z',
          pausedMs: 0,
          responseBreached: false,
          resolutionBreached: false,
        },
      }),
      { actor, at: OPENED },
    );

    const service = SlaBreachService.create({
      store,
      logger: mockServices.logger.mock(),
    });
    expect(await service.run({ now: NOW })).toEqual({ checked: 2, flagged: 2 });

    expect(
      (await store.records.get('incident', responseDue.id))!.sla,
    ).toMatchObject({
      responseBreached: true,
      resolutionBreached: false,
    });
    expect(
      (await store.records.get('incident', bothDue.id))!.sla,
    ).toMatchObject({
      responseBreached: true,
      resolutionBreached: true,
    });
    expect(
      (await store.records.get('incident', notDue.id))!.sla.responseBreached,
    ).toBe(false);
    expect(
      (await store.records.get('incident', paused.id))!.sla.responseBreached,
    ).toBe(false);

    // Idempotent: a second run finds nothing new to flag.
    expect(await service.run({ now: NOW })).toEqual({ checked: 0, flagged: 0 });
  });

  it('stops when the task is aborted', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await ValueStreamStore.create({
      database: mockServices.database({ knex }),
    });
    const controller = new AbortController();
    controller.abort();
    const service = SlaBreachService.create({
      store,
      logger: mockServices.logger.mock(),
    });
    expect(await service.run({ now: NOW, signal: controller.signal })).toEqual({
      checked: 0,
      flagged: 0,
    });
  });
});
