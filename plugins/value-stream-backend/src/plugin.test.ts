import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { valueStreamPermissions } from '@valuestream/plugin-value-stream-common';
import { valueStreamPlugin } from './plugin';
import {
  SLA_BREACH_TASK_ID,
  SLO_EVALUATION_TASK_ID,
  STAGE_RECOMPUTE_TASK_ID,
} from './scheduler/tasks';

jest.setTimeout(60_000);

describe('valueStreamPlugin', () => {
  it('registers its permissions, resource type and global tasks', async () => {
    const permissionsRegistry = mockServices.permissionsRegistry.mock();
    const scheduler = mockServices.scheduler.mock();
    const backend = await startTestBackend({
      features: [
        valueStreamPlugin,
        catalogServiceMock.factory({ entities: [] }),
        permissionsRegistry.factory,
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: {
            valueStream: {
              schedule: { slaBreach: { frequency: { minutes: 5 } } },
            },
          },
        }),
      ],
    });

    expect(permissionsRegistry.addResourceType).toHaveBeenCalledWith(
      expect.objectContaining({
        resourceRef: expect.objectContaining({
          pluginId: 'value-stream',
          resourceType: 'value-stream-entity',
        }),
        permissions: valueStreamPermissions,
        rules: expect.arrayContaining([
          expect.objectContaining({ name: 'IS_ENTITY_OWNER' }),
          expect.objectContaining({ name: 'HAS_ANNOTATION' }),
          expect.objectContaining({ name: 'IS_OF_KIND' }),
        ]),
      }),
    );

    // An integration's token is restricted to this one by name.
    expect(valueStreamPermissions.map(p => p.name)).toContain(
      'value-stream.event.ingest',
    );

    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: SLA_BREACH_TASK_ID,
        scope: 'global',
        frequency: { minutes: 5 },
      }),
    );
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: STAGE_RECOMPUTE_TASK_ID,
        scope: 'global',
        frequency: { minutes: 15 },
      }),
    );
    // Once across replicas, at the SLI resolution.
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: SLO_EVALUATION_TASK_ID,
        scope: 'global',
        frequency: { minutes: 5 },
      }),
    );
    await backend.stop();
  });
});
