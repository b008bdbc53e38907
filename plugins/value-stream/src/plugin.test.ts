import {
  EntityAssetCard,
  EntityDoraMetricsCard,
  EntityOpenChangesCard,
  EntityOpenIncidentsCard,
  EntityServiceLevelsCard,
  EntityValueStreamContent,
  EntityValueStreamStageCard,
  ValueStreamPage,
  valueStreamPlugin,
} from './plugin';
import { valueStreamApiRef } from './api';

describe('valueStreamPlugin (legacy frontend system)', () => {
  it('is the value-stream plugin with its API factory and route', () => {
    expect(valueStreamPlugin.getId()).toBe('value-stream');
    const apis = [...valueStreamPlugin.getApis()];
    expect(apis.map(a => a.api)).toEqual([valueStreamApiRef]);
    expect(valueStreamPlugin.routes.root).toBeDefined();
  });

  it('exports the page, the entity tab and the cards', () => {
    for (const extension of [
      ValueStreamPage,
      EntityValueStreamContent,
      EntityValueStreamStageCard,
      EntityServiceLevelsCard,
      EntityOpenIncidentsCard,
      EntityOpenChangesCard,
      EntityDoraMetricsCard,
      EntityAssetCard,
    ]) {
      expect(typeof extension).toBe('function');
    }
  });
});
