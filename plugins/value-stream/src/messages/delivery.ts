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
  },
} as const;
