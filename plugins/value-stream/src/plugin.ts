import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ValueStreamClient, valueStreamApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The Value Stream frontend plugin for apps on the legacy frontend system.
 * @public
 */
export const valueStreamPlugin = createPlugin({
  id: 'value-stream',
  apis: [
    createApiFactory({
      api: valueStreamApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ValueStreamClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The Value Stream portal page: board, changes, incidents, problems and
 * service levels.
 * @public
 */
export const ValueStreamPage = valueStreamPlugin.provide(
  createRoutableExtension({
    name: 'ValueStreamPage',
    component: () =>
      import('./components/page/ValueStreamPage').then(m => m.ValueStreamPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The "Value stream" tab of a component or system entity page.
 * @public
 */
export const EntityValueStreamContent = valueStreamPlugin.provide(
  createComponentExtension({
    name: 'EntityValueStreamContent',
    component: {
      lazy: () =>
        import('./components/entity/EntityValueStreamContent').then(
          m => m.EntityValueStreamContent,
        ),
    },
  }),
);

/**
 * An entity overview card with the value stream stage and its gaps.
 * @public
 */
export const EntityValueStreamStageCard = valueStreamPlugin.provide(
  createComponentExtension({
    name: 'EntityValueStreamStageCard',
    component: {
      lazy: () =>
        import('./components/board/EntityValueStreamStageCard').then(
          m => m.EntityValueStreamStageCard,
        ),
    },
  }),
);

/**
 * An entity overview card with service levels and their attainment.
 * @public
 */
export const EntityServiceLevelsCard = valueStreamPlugin.provide(
  createComponentExtension({
    name: 'EntityServiceLevelsCard',
    component: {
      lazy: () =>
        import('./components/serviceLevels/EntityServiceLevelsCard').then(
          m => m.EntityServiceLevelsCard,
        ),
    },
  }),
);

/**
 * An entity overview card with open incidents and live SLA countdowns.
 * @public
 */
export const EntityOpenIncidentsCard = valueStreamPlugin.provide(
  createComponentExtension({
    name: 'EntityOpenIncidentsCard',
    component: {
      lazy: () =>
        import('./components/incidents/EntityOpenIncidentsCard').then(
          m => m.EntityOpenIncidentsCard,
        ),
    },
  }),
);

/**
 * An entity overview card with open changes.
 * @public
 */
export const EntityOpenChangesCard = valueStreamPlugin.provide(
  createComponentExtension({
    name: 'EntityOpenChangesCard',
    component: {
      lazy: () =>
        import('./components/changes/EntityOpenChangesCard').then(
          m => m.EntityOpenChangesCard,
        ),
    },
  }),
);

/**
 * An entity card with the DORA metrics of the last 90 days and their weekly
 * trends: deployment frequency, lead time for changes, change failure rate
 * and time to restore service.
 * @public
 */
export const EntityDoraMetricsCard = valueStreamPlugin.provide(
  createComponentExtension({
    name: 'EntityDoraMetricsCard',
    component: {
      lazy: () =>
        import('./components/metrics/DoraMetricsCard').then(
          m => m.DoraMetricsCard,
        ),
    },
  }),
);

/**
 * An entity card for an asset (a Resource with `valuestream.io/asset-type`):
 * type, vendor, cost, expiry with days left, seats and dependents.
 * @public
 */
export const EntityAssetCard = valueStreamPlugin.provide(
  createComponentExtension({
    name: 'EntityAssetCard',
    component: {
      lazy: () =>
        import('./components/assets/EntityAssetCard').then(
          m => m.EntityAssetCard,
        ),
    },
  }),
);
