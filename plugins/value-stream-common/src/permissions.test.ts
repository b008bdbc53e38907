import { isResourcePermission } from '@backstage/plugin-permission-common';
import type { LifecycleRecordType } from './lifecycle';
import {
  RESOURCE_TYPE_VALUE_STREAM_ENTITY,
  changeApprovePermission,
  eventIngestPermission,
  eventManagePermission,
  recordPermissions,
  serviceLevelAgreePermission,
  standardChangeModelApprovePermission,
  standardChangeModelProposePermission,
  valueStreamPermissions,
  valueStreamReadPermission,
} from './permissions';

describe('permissions', () => {
  it.each<[LifecycleRecordType, string]>([
    ['change', 'change'],
    ['release', 'release'],
    ['deployment', 'deployment'],
    ['incident', 'incident'],
    ['problem', 'problem'],
    ['serviceLevel', 'service-level'],
  ])('%s has create, update and transition on the entity', (type, segment) => {
    const p = recordPermissions[type];
    expect([p.create, p.update, p.transition]).toEqual([
      {
        type: 'resource',
        name: `value-stream.${segment}.create`,
        attributes: { action: 'create' },
        resourceType: RESOURCE_TYPE_VALUE_STREAM_ENTITY,
      },
      {
        type: 'resource',
        name: `value-stream.${segment}.update`,
        attributes: { action: 'update' },
        resourceType: RESOURCE_TYPE_VALUE_STREAM_ENTITY,
      },
      {
        type: 'resource',
        name: `value-stream.${segment}.transition`,
        attributes: { action: 'update' },
        resourceType: RESOURCE_TYPE_VALUE_STREAM_ENTITY,
      },
    ]);
  });

  it.each([
    [valueStreamReadPermission, 'value-stream.read', 'read', false],
    [changeApprovePermission, 'value-stream.change.approve', 'update', true],
    [
      serviceLevelAgreePermission,
      'value-stream.service-level.agree',
      'update',
      true,
    ],
    [eventManagePermission, 'value-stream.event.manage', 'update', false],
    [eventIngestPermission, 'value-stream.event.ingest', 'create', false],
    [
      standardChangeModelProposePermission,
      'value-stream.standard-change-model.propose',
      'create',
      false,
    ],
    [
      standardChangeModelApprovePermission,
      'value-stream.standard-change-model.approve',
      'update',
      false,
    ],
  ])('%o', (permission, name, action, onEntity) => {
    expect(permission.name).toBe(name);
    expect(permission.attributes.action).toBe(action);
    expect(
      isResourcePermission(permission, RESOURCE_TYPE_VALUE_STREAM_ENTITY),
    ).toBe(onEntity);
  });

  it('lists every permission once', () => {
    const names = valueStreamPermissions.map(p => p.name);
    expect(names).toHaveLength(6 * 3 + 7);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^value-stream\.[a-z-]+(\.[a-z-]+)?$/);
    }
  });
});
