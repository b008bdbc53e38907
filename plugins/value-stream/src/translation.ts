import { createTranslationRef } from '@backstage/frontend-plugin-api';

/**
 * The user-visible strings of the Value Stream plugin, for apps that
 * translate it. The English messages are the defaults. Record states,
 * priorities and other values from the API are shown as they come.
 * @alpha
 */
export const valueStreamTranslationRef = createTranslationRef({
  id: 'value-stream',
  messages: {
    page: {
      title: 'Value stream',
      subtitle: 'Every service from demand to operation',
      tabs: {
        board: 'Board',
        changes: 'Changes',
        incidents: 'Incidents',
        problems: 'Problems',
        serviceLevels: 'Service levels',
        metrics: 'Metrics',
        events: 'Events',
        assets: 'Assets',
      },
    },
    filters: {
      state: 'State',
      open: 'Open',
      all: 'All',
      owner: 'Owner',
      allOwners: 'All owners',
      owners: 'owners',
      system: 'System',
      allSystems: 'All systems',
      systems: 'systems',
      catalogError: 'Could not load {{what}} from the catalog',
    },
    board: {
      emptyTitle: 'No services on the board',
      emptyFiltered: 'No service matches these filters.',
      emptyCatalog:
        'Services appear here once the catalog holds components or systems.',
      stage: '{{label}} stage',
      loadMoreIn: 'Load more in {{label}}',
      loadMoreError: 'Could not load more services: {{message}}',
    },
    changes: {
      awaitingTitle: 'Waiting for my approval',
      awaitingEmpty: 'Nothing waits for your approval',
      calendarTitle: 'Change calendar',
      listTitle: 'Changes',
      empty: 'No changes',
    },
    incidents: {
      title: 'Incidents',
      priority: 'Priority',
      allPriorities: 'All priorities',
      service: 'Service',
      allServices: 'All services',
      services: 'services',
      empty: 'No incidents match these filters',
    },
    problems: {
      title: 'Problems and known errors',
      empty: 'No problems',
    },
    serviceLevels: {
      title: 'Service levels',
      empty: 'No service levels',
    },
    metrics: {
      noSystem: 'No system',
      noOwner: 'No owner',
      window: 'Window',
      lastDays: 'Last {{days}} days',
      trendBy: 'Trend by',
      day: 'Day',
      week: 'Week',
      month: 'Month',
      chooseScopeTitle: 'Choose a system or an owner',
      chooseScopeDescription:
        'The metrics cover the services of a system or the services a team owns.',
      doraTitle: 'DORA metrics',
      noDeliveryTitle: 'No delivery data in this window',
      noDeliveryDescription:
        'No changes, production deployments or incidents were recorded for these services.',
      flowTitle: 'Flow',
    },
    events: {
      title: 'Unmatched events',
      subheader:
        'Events from monitoring and delivery tools that no catalog entity claims. Map them so that they count for the right service.',
      emptyTitle: 'No unmatched events',
      emptyDescription: 'Every event received so far belongs to an entity.',
      mapped: 'Event mapped to {{entity}}',
      theEntity: 'the entity',
    },
    assets: {
      expiringWithin: 'Expiring within',
      days: '{{days}} days',
      emptyTitle: 'No assets in the catalog',
      emptyDescription:
        'Assets are Resources with the annotation valuestream.io/asset-type (license, hardware or cloud).',
      expiringTitle: 'Expiring licences and contracts',
      expiringSubheader: 'Within {{days}} days, soonest first',
      costPerServiceTitle: 'Cost per service',
      costPerServiceSubheader:
        'Yearly run rate of the assets each service needs',
      costPerSystemTitle: 'Cost per system',
      costPerSystemSubheader:
        "Yearly run rate of the assets of each system's services",
      withoutOwnerTitle: 'Assets without an owner',
      unusedTitle: 'Assets nothing depends on',
      noCost: 'No cost recorded',
      nothingExpires: 'Nothing expires within {{days}} days.',
      everyAssetOwned: 'Every asset has an owner.',
      everyAssetNeeded: 'Every asset is needed by at least one entity.',
    },
    entityTab: {
      noDataTitle: 'No value stream data',
      noDataDescription:
        'The Value Stream backend returned nothing for this entity.',
      stageTitle: 'Value stream stage',
      checklistTitle: 'Readiness checklist',
      noCriteria: 'No criteria apply to this entity.',
      serviceLevelsTitle: 'Service levels',
      noServiceLevelTitle: 'No service level',
      noServiceLevelDescription:
        "Propose a service level so that it can be agreed with the service's customers.",
      openChangesTitle: 'Open changes',
      noOpenChanges: 'No open changes.',
      releasesTitle: 'Releases and deployments',
      noReleases: 'No releases or deployments recorded.',
      openIncidentsTitle: 'Open incidents',
      noOpenIncidents: 'No open incidents.',
      problemsTitle: 'Problems and known errors',
      noOpenProblems: 'No open problems.',
      timeInStageTitle: 'Time in each stage',
      impactTitle: 'Impact',
      impactSubheader:
        'What a change to this service or an outage of it affects',
    },
    entityActions: {
      raiseIncident: 'Raise incident',
      requestChange: 'Request change',
      proposeServiceLevel: 'Propose service level',
      incidentRaised: 'Incident raised',
      changeRequested: 'Change requested',
      serviceLevelSaved: 'Service level saved',
    },
    entityCards: {
      openChangesTitle: 'Open changes',
      noOpenChanges: 'No open changes',
      openIncidentsTitle: 'Open incidents',
      noOpenIncidents: 'No open incidents',
      serviceLevelsTitle: 'Service levels',
      noServiceLevelTitle: 'No service level',
      noServiceLevelDescription: 'This service has no service level yet.',
      stageTitle: 'Value stream stage',
      noStageData: 'No value stream data',
      stageOf: 'Stage {{number}} of {{stages}}',
      stageSince: ', since {{date}}',
      criteriaMet: '{{met}} of {{total}} criteria met to move to {{next}}',
      doraTitle: 'DORA metrics',
      noDeliveryTitle: 'No delivery data yet',
      noDeliveryDescription:
        'DORA metrics appear once changes, production deployments or incidents are recorded for this service.',
    },
    forms: {
      submit: 'Submit',
      cancel: 'Cancel',
      loadMore: 'Load more',
    },
  },
});
