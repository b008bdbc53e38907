import {
  Content,
  Header,
  Page,
  TabbedLayout,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { valueStreamTranslationRef } from '../../../translation';
import { ValueStreamBoard } from '../../board/ValueStreamBoard';
import { ChangesView } from '../../changes/ChangesView';
import { StandardChangesView } from '../../changes/StandardChangesView';
import { IncidentsConsole } from '../../incidents/IncidentsConsole';
import { ProblemsView } from '../../problems/ProblemsView';
import { ServiceLevelsView } from '../../serviceLevels/ServiceLevelsView';
import { MetricsView } from '../../metrics/MetricsView';
import { EventsView } from '../../events/EventsView';
import { AssetsView } from '../../assets/AssetsView';

/**
 * Props of {@link ValueStreamPage}.
 * @public
 */
export interface ValueStreamPageProps {
  title?: string;
  subtitle?: string;
}

/**
 * The Value Stream portal page: the board of services by stage, the
 * consoles of change enablement (with the standard-change catalog),
 * incident, problem and service level management, DORA and flow metrics, unmatched events and assets.
 */
export const ValueStreamPage = ({ title, subtitle }: ValueStreamPageProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  return (
    <Page themeId="tool">
      <Header
        title={title ?? t('page.title')}
        subtitle={subtitle ?? t('page.subtitle')}
      />
      <Content>
        <TabbedLayout>
          <TabbedLayout.Route path="/" title={t('page.tabs.board')}>
            <ValueStreamBoard />
          </TabbedLayout.Route>
          <TabbedLayout.Route path="/changes" title={t('page.tabs.changes')}>
            <ChangesView />
          </TabbedLayout.Route>
          <TabbedLayout.Route
            path="/standard-changes"
            title={t('page.tabs.standardChanges')}
          >
            <StandardChangesView />
          </TabbedLayout.Route>
          <TabbedLayout.Route
            path="/incidents"
            title={t('page.tabs.incidents')}
          >
            <IncidentsConsole />
          </TabbedLayout.Route>
          <TabbedLayout.Route path="/problems" title={t('page.tabs.problems')}>
            <ProblemsView />
          </TabbedLayout.Route>
          <TabbedLayout.Route
            path="/service-levels"
            title={t('page.tabs.serviceLevels')}
          >
            <ServiceLevelsView />
          </TabbedLayout.Route>
          <TabbedLayout.Route path="/metrics" title={t('page.tabs.metrics')}>
            <MetricsView />
          </TabbedLayout.Route>
          <TabbedLayout.Route path="/events" title={t('page.tabs.events')}>
            <EventsView />
          </TabbedLayout.Route>
          <TabbedLayout.Route path="/assets" title={t('page.tabs.assets')}>
            <AssetsView />
          </TabbedLayout.Route>
        </TabbedLayout>
      </Content>
    </Page>
  );
};
