/*
 * The Tech Insights scorecard on component pages. The community frontend
 * plugin (@backstage-community/plugin-tech-insights) cannot be installed from
 * the registries this portal is built from, so the portal has this small
 * card of its own (see docs/tech-insights.md).
 */
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

const scorecardEntityCard = EntityCardBlueprint.make({
  name: 'tech-insights-scorecard',
  params: {
    filter: entity => entity.kind.toLocaleLowerCase('en-US') === 'component',
    loader: () => import('./ScorecardCard').then(m => <m.ScorecardCard />),
  },
});

export const scorecardModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [scorecardEntityCard],
});
