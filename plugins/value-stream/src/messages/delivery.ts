/** Messages of the change calendar and the release and deployment timeline. */
export const deliveryMessages = {
  calendar: {
    view: 'Calendar view',
    navigation: 'Calendar navigation',
    week: 'Week',
    month: 'Month',
    previous: 'Previous',
    today: 'Today',
    next: 'Next',
    weekOf: 'Week of {{date}}',
    label: 'Change calendar, {{heading}}',
    entry: '{{type}}, {{state}}: {{window}}',
    unplanned_one: '{{count}} change without a planned window is not shown.',
    unplanned_other:
      '{{count}} changes without a planned window are not shown.',
    freeze: 'Freeze: {{reason}}',
    freezeDetail: 'Change freeze "{{reason}}": {{window}}',
    maintenance: 'Maintenance {{time}}: {{entities}}',
    maintenanceDetail: 'Maintenance windows ({{time}}) of {{entities}}',
    collidesWith: '{{title}}, collides with {{others}}',
    windowsError:
      'Freeze and maintenance windows could not be loaded: {{message}}',
  },
  conflicts: {
    title: 'Conflicts',
    intro:
      'Other open changes whose planned windows overlap this one, on the same service or within two catalog hops, as found when it was last created, edited or scheduled.',
    none: 'No other open change overlaps its window nearby.',
    label: 'Conflicting changes',
    change: 'Change',
    service: 'Service',
    relation: 'Relation',
    window: 'Planned window',
    state: 'State',
    via: '{{relation}} via {{entity}}',
    relations: {
      'same-entity': 'Same service',
      dependency: 'Dependency',
      dependent: 'Dependent',
      'shared-dependency': 'Shares a dependency',
      'shared-dependent': 'Shares a dependent',
    },
  },
  changeApprovals: {
    awaiting: 'Awaiting approval',
    none: 'None',
    approved: '{{approver}} approved',
    rejected: '{{approver}} rejected',
  },
  timeline: {
    releases: 'Releases',
    noReleases: 'No releases recorded',
    production: ' (production)',
    running: 'Running {{version}}',
    deploymentsTo: 'Deployments to {{environment}}',
    unauthorized: 'Unauthorized',
    unauthorizedLabel:
      'Unauthorized deployment of {{version}}: {{reason}}',
    unauthorizedNoReason: 'no authorized change covered it',
  },
} as const;
