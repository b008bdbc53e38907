import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  EntityProvider,
  catalogApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { mockApis } from '@backstage/test-utils';
import type { Entity } from '@backstage/catalog-model';
import plugin, {
  valueStreamApi,
  valueStreamAssetCard,
  valueStreamDoraMetricsCard,
  valueStreamEntityContent,
  valueStreamOpenChangesCard,
  valueStreamOpenIncidentsCard,
  valueStreamPage,
  valueStreamServiceLevelsCard,
  valueStreamStageCard,
} from './alpha';
import { valueStreamApiRef } from './api';
import {
  board,
  boardItem,
  entity,
  metricsReport,
  summary,
} from './__testUtils__/fixtures';
import { fakeValueStreamApi } from './__testUtils__/render';

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

const entityOfKind = (kind: string): Entity => ({ ...entity, kind });

function apis() {
  return [
    [
      valueStreamApiRef,
      fakeValueStreamApi({
        getSummary: jest.fn().mockResolvedValue(summary()),
        getBoard: jest.fn().mockResolvedValue(board([boardItem()])),
        getMetrics: jest.fn().mockResolvedValue(metricsReport()),
      }),
    ],
    [permissionApiRef, mockApis.permission()],
    [catalogApiRef, catalogApiMock()],
  ] as const;
}

describe('value-stream alpha plugin', () => {
  it('is the value-stream plugin with all its extensions', () => {
    expect(plugin.pluginId).toBe('value-stream');
    expect(plugin.title).toBe('Value stream');
    const ids = [
      'api:value-stream',
      'page:value-stream',
      'entity-content:value-stream',
      'entity-card:value-stream/stage',
      'entity-card:value-stream/service-levels',
      'entity-card:value-stream/open-incidents',
      'entity-card:value-stream/open-changes',
      'entity-card:value-stream/dora-metrics',
      'entity-card:value-stream/asset',
    ] as const;
    for (const id of ids) {
      expect(plugin.getExtension(id)).toMatchObject({ kind: id.split(':')[0] });
    }
  });

  it('installs into an app and serves its page at /value-stream', async () => {
    renderTestApp({
      features: [plugin],
      apis: apis(),
      mountedRoutes,
      initialRouteEntries: ['/value-stream'],
    });
    expect(
      await screen.findByRole('region', { name: 'Operate stage' }),
    ).toBeInTheDocument();
  });

  it('provides the API factory', () => {
    const factory = createExtensionTester(valueStreamApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api).toBe(valueStreamApiRef);
  });

  it('mounts the page at /value-stream with a nav title', async () => {
    const tester = createExtensionTester(valueStreamPage, { apis: apis() });
    expect(tester.get(coreExtensionData.routePath)).toBe('/value-stream');
    expect(tester.get(coreExtensionData.title)).toBe('Value stream');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    renderInTestApp(tester.reactElement(), { apis: apis(), mountedRoutes });
    expect(
      await screen.findByRole('region', { name: 'Operate stage' }),
    ).toBeInTheDocument();
  });

  it('adds the Value stream tab to components and systems', async () => {
    const tester = createExtensionTester(valueStreamEntityContent, {
      apis: apis(),
    });
    expect(tester.get(coreExtensionData.routePath)).toBe('value-stream');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Value stream',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(entityOfKind('Component'))).toBe(true);
    expect(filter(entityOfKind('System'))).toBe(true);
    expect(filter(entityOfKind('Group'))).toBe(false);

    renderInTestApp(
      <EntityProvider entity={entity}>{tester.reactElement()}</EntityProvider>,
      { apis: apis(), mountedRoutes },
    );
    expect(
      await screen.findByLabelText('Value stream stages'),
    ).toBeInTheDocument();
  });

  const cards = {
    stage: () => createExtensionTester(valueStreamStageCard, { apis: apis() }),
    serviceLevels: () =>
      createExtensionTester(valueStreamServiceLevelsCard, { apis: apis() }),
    openIncidents: () =>
      createExtensionTester(valueStreamOpenIncidentsCard, { apis: apis() }),
    openChanges: () =>
      createExtensionTester(valueStreamOpenChangesCard, { apis: apis() }),
    doraMetrics: () =>
      createExtensionTester(valueStreamDoraMetricsCard, { apis: apis() }),
  };

  it.each([
    ['stage', 'Value stream stage'],
    ['serviceLevels', 'Service levels'],
    ['openIncidents', 'Open incidents'],
    ['openChanges', 'Open changes'],
    ['doraMetrics', 'DORA metrics'],
  ] as const)(
    'provides the %s entity card for services only',
    async (name, title) => {
      const tester = cards[name]();
      const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
      expect(filter(entityOfKind('Component'))).toBe(true);
      expect(filter(entityOfKind('API'))).toBe(false);
      renderInTestApp(
        <EntityProvider entity={entity}>
          {tester.reactElement()}
        </EntityProvider>,
        { apis: apis() },
      );
      expect(await screen.findByText(title)).toBeInTheDocument();
    },
  );
});

describe('value-stream alpha asset card', () => {
  const resource = (annotations: Record<string, string>): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'oracle-license', namespace: 'default', annotations },
    spec: { type: 'license' },
  });

  it('shows on Resources with an asset type only', async () => {
    const tester = createExtensionTester(valueStreamAssetCard, {
      apis: apis(),
    });
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    const asset = resource({
      'valuestream.io/asset-type': 'license',
      'valuestream.io/asset-vendor': 'Oracle',
    });
    expect(filter(asset)).toBe(true);
    expect(filter(resource({}))).toBe(false);
    expect(
      filter({
        ...entity,
        metadata: {
          ...entity.metadata,
          annotations: { 'valuestream.io/asset-type': 'license' },
        },
      }),
    ).toBe(false);

    renderInTestApp(
      <EntityProvider entity={asset}>{tester.reactElement()}</EntityProvider>,
      { apis: apis(), mountedRoutes },
    );
    expect(
      await screen.findByRole('table', { name: 'Asset details' }),
    ).toHaveTextContent('Oracle');
  });
});
