import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import type { Entity } from '@backstage/catalog-model';
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
import { rootRouteRef } from './routes';
import { valueStreamApiRef } from './api';
import {
  board,
  boardItem,
  metricsReport,
  summary,
} from './__testUtils__/fixtures';
import { fakeValueStreamApi, renderWithApis } from './__testUtils__/render';

// The legacy exports rendered as a legacy app renders them: the page at its
// mount point, the tab and the cards inside an entity page.

const api = () =>
  fakeValueStreamApi({
    getSummary: jest.fn().mockResolvedValue(summary()),
    getBoard: jest.fn().mockResolvedValue(board([boardItem()])),
    getMetrics: jest.fn().mockResolvedValue(metricsReport()),
  });

describe('valueStreamPlugin (legacy frontend system)', () => {
  it('is the value-stream plugin with its API factory and route', () => {
    expect(valueStreamPlugin.getId()).toBe('value-stream');
    const apis = [...valueStreamPlugin.getApis()];
    expect(apis.map(a => a.api)).toEqual([valueStreamApiRef]);
    expect(valueStreamPlugin.routes.root).toBe(rootRouteRef);
  });

  it('renders the page with the board at its mount point', async () => {
    await renderWithApis(
      <Routes>
        <Route path="/value-stream/*" element={<ValueStreamPage />} />
      </Routes>,
      { api: api(), entity: false, routeEntries: ['/value-stream'] },
    );
    expect(
      await screen.findByRole('heading', { name: 'Value stream', level: 1 }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('region', { name: 'Operate stage' }),
    ).toBeInTheDocument();
  });

  it('renders the entity tab with the stages and the service actions', async () => {
    await renderWithApis(<EntityValueStreamContent />, { api: api() });
    expect(
      await screen.findByLabelText('Value stream stages'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Raise incident' }),
    ).toBeInTheDocument();
  });

  // Each card with its title and the data of the summary it loaded.
  it.each([
    [
      'EntityValueStreamStageCard',
      EntityValueStreamStageCard,
      'Value stream stage',
      'Operate',
    ],
    [
      'EntityServiceLevelsCard',
      EntityServiceLevelsCard,
      'Service levels',
      'Checkout gold',
    ],
    [
      'EntityOpenIncidentsCard',
      EntityOpenIncidentsCard,
      'Open incidents',
      'Checkout returns 500',
    ],
    [
      'EntityOpenChangesCard',
      EntityOpenChangesCard,
      'Open changes',
      'Upgrade payment SDK',
    ],
  ])('renders %s on a component', async (_name, Card, title, data) => {
    await renderWithApis(<Card />, { api: api() });
    expect(await screen.findByText(title)).toBeInTheDocument();
    expect((await screen.findAllByText(data))[0]).toBeInTheDocument();
  });

  it('renders EntityDoraMetricsCard on a component', async () => {
    await renderWithApis(<EntityDoraMetricsCard />, { api: api() });
    expect(await screen.findByText('DORA metrics')).toBeInTheDocument();
    expect(
      await screen.findByRole('region', { name: 'Deployment frequency' }),
    ).toBeInTheDocument();
  });

  it('renders EntityAssetCard on a licence', async () => {
    const licence: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'oracle-license',
        namespace: 'default',
        annotations: {
          'valuestream.io/asset-type': 'license',
          'valuestream.io/asset-vendor': 'Oracle',
        },
      },
      spec: { type: 'license', owner: 'group:default/dba' },
    };
    await renderWithApis(<EntityAssetCard />, {
      api: api(),
      entity: licence,
    });
    expect(
      await screen.findByRole('table', { name: 'Asset details' }),
    ).toHaveTextContent('Oracle');
  });
});
