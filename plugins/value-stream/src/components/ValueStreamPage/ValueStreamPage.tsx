import {
  Content,
  Header,
  Page,
  TabbedLayout,
} from '@backstage/core-components';
import { ValueStreamBoard } from '../ValueStreamBoard';
import { ChangesView } from '../ChangesView';
import { IncidentsConsole } from '../IncidentsConsole';
import { ProblemsView } from '../ProblemsView';
import { ServiceLevelsView } from '../ServiceLevelsView';

/** Props of {@link ValueStreamPage}. */
export interface ValueStreamPageProps {
  title?: string;
  subtitle?: string;
}

/**
 * The Value Stream portal page: the board of services by stage and the
 * consoles of change enablement, incident, problem and service level
 * management.
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
      </TabbedLayout>
    </Content>
  </Page>
);
