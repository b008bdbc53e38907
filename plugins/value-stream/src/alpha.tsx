import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import TimelineIcon from '@material-ui/icons/Timeline';
import { ValueStreamClient, valueStreamApiRef } from './api';
// The legacy entity page's predicates: both systems show the same tab and cards.
import { isAssetEntity } from './lib/isAssetEntity';
import { isValueStreamAvailable } from './lib/isValueStreamAvailable';
import { rootRouteRef } from './routes';

export { valueStreamTranslationRef } from './translation';

/**
 * The Value Stream API for the new frontend system.
 * @alpha
 */
export const valueStreamApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: valueStreamApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ValueStreamClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The Value Stream portal page at `/value-stream`; it also gives the nav item.
 * @alpha
 */
export const valueStreamPage = PageBlueprint.make({
  params: {
    path: '/value-stream',
    title: 'Value stream',
    icon: <TimelineIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    // The page brings its own header with the tabs.
    noHeader: true,
    loader: () =>
      import('./components/page/ValueStreamPage').then(m => (
        <m.ValueStreamPage />
      )),
  },
});

/**
 * The "Value stream" tab of component and system entity pages.
 * @alpha
 */
export const valueStreamEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'value-stream',
    title: 'Value stream',
    filter: isValueStreamAvailable,
    loader: () =>
      import('./components/entity/EntityValueStreamContent').then(m => (
        <m.EntityValueStreamContent />
      )),
  },
});

/**
 * Entity card with the value stream stage and its gaps.
 * @alpha
 */
export const valueStreamStageCard = EntityCardBlueprint.make({
  name: 'stage',
  params: {
    filter: isValueStreamAvailable,
    loader: () =>
      import('./components/board/EntityValueStreamStageCard').then(m => (
        <m.EntityValueStreamStageCard />
      )),
  },
});

/**
 * Entity card with service levels and their attainment.
 * @alpha
 */
export const valueStreamServiceLevelsCard = EntityCardBlueprint.make({
  name: 'service-levels',
  params: {
    filter: isValueStreamAvailable,
    loader: () =>
      import('./components/serviceLevels/EntityServiceLevelsCard').then(m => (
        <m.EntityServiceLevelsCard />
      )),
  },
});

/**
 * Entity card with open incidents and live SLA countdowns.
 * @alpha
 */
export const valueStreamOpenIncidentsCard = EntityCardBlueprint.make({
  name: 'open-incidents',
  params: {
    filter: isValueStreamAvailable,
    loader: () =>
      import('./components/incidents/EntityOpenIncidentsCard').then(m => (
        <m.EntityOpenIncidentsCard />
      )),
  },
});

/**
 * Entity card with open changes.
 * @alpha
 */
export const valueStreamOpenChangesCard = EntityCardBlueprint.make({
  name: 'open-changes',
  params: {
    filter: isValueStreamAvailable,
    loader: () =>
      import('./components/changes/EntityOpenChangesCard').then(m => (
        <m.EntityOpenChangesCard />
      )),
  },
});

/**
 * Entity card with the DORA metrics of the last 90 days and their trends.
 * @alpha
 */
export const valueStreamDoraMetricsCard = EntityCardBlueprint.make({
  name: 'dora-metrics',
  params: {
    filter: isValueStreamAvailable,
    loader: () =>
      import('./components/metrics/DoraMetricsCard').then(m => (
        <m.DoraMetricsCard dense />
      )),
  },
});

/**
 * Entity card of an asset: Resources with the annotation
 * `valuestream.io/asset-type`.
 * @alpha
 */
export const valueStreamAssetCard = EntityCardBlueprint.make({
  name: 'asset',
  params: {
    filter: isAssetEntity,
    loader: () =>
      import('./components/assets/EntityAssetCard').then(m => (
        <m.EntityAssetCard />
      )),
  },
});

/**
 * The Value Stream frontend plugin for the new frontend system.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'value-stream',
  title: 'Value stream',
  icon: <TimelineIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: {
    root: rootRouteRef,
  },
  extensions: [
    valueStreamApi,
    valueStreamPage,
    valueStreamEntityContent,
    valueStreamStageCard,
    valueStreamServiceLevelsCard,
    valueStreamOpenIncidentsCard,
    valueStreamOpenChangesCard,
    valueStreamDoraMetricsCard,
    valueStreamAssetCard,
  ],
});
