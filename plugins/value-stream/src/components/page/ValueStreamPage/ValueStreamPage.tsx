import {
  Content,
  Header,
  Page,
  TabbedLayout,
} from '@backstage/core-components';
import { ValueStreamBoard } from '../../board/ValueStreamBoard';
import { ChangesView } from '../../changes/ChangesView';
import { IncidentsConsole } from '../../incidents/IncidentsConsole';
import { ProblemsView } from '../../problems/ProblemsView';
import { ServiceLevelsView } from '../../serviceLevels/ServiceLevelsView';
import { MetricsView } from '../../metrics/MetricsView';
import { EventsView } from '../../events/EventsView';
import { AssetsView } from '../../assets/AssetsView';

/** Props of {@link ValueStreamPage}. */
export interface ValueStreamPageProps {
  title?: string;
  subtitle?: string;
}

/**
 * The Value Stream portal page: the board of services by stage, the
 * consoles of change enablement, incident, problem and service level
 * management, DORA and flow metrics, unmatched events and assets.
 */
export const ValueStreamPage = ({
  title = 'Value stream',
  subtitle = 'Every service from demand to operation',
}: ValueStreamPageProps) => (
  <Page themeId="tool">
    <Header title={title} subtitle={subtitle} />
    <Content>
      <TabbedLayout>
        <TabbedLayout.Route path="/" title="Board">
          <ValueStreamBoard />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/changes" title="Changes">
          <ChangesView />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/incidents" title="Incidents">
          <IncidentsConsole />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/problems" title="Problems">
          <ProblemsView />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/service-levels" title="Service levels">
          <ServiceLevelsView />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/metrics" title="Metrics">
          <MetricsView />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/events" title="Events">
          <EventsView />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/assets" title="Assets">
          <AssetsView />
        </TabbedLayout.Route>
      </TabbedLayout>
    </Content>
  </Page>
);
