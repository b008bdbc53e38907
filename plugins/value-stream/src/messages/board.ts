/** Messages of the board, the stage stepper and the readiness checklist. */
export const boardMessages = {
  boardCard: {
    in: ' in {{system}}',
    ownedBy: ', owned by {{owner}}',
    since: 'Since {{date}}',
    prod: 'prod {{version}}',
    gaps_one: '{{count}} gap',
    gaps_other: '{{count}} gaps',
    incidents_one: '{{count}} incident',
    incidents_other: '{{count}} incidents',
    breached: ', {{breached}} breached',
    changes_one: '{{count}} change',
    changes_other: '{{count}} changes',
  },
  stepper: {
    label: 'Value stream stages',
    current: 'Current',
    currentSince: 'Current since {{date}}',
    gaps: 'Gaps',
  },
  readiness: {
    operatingWithout: 'Operating without {{label}}',
    inStageWithout: 'In {{stage}} without {{label}}',
    exitCriteria: '{{stage}} exit criteria',
    currentStage: ' (current stage)',
    met: 'Met',
    gap: 'Gap',
    notMetYet: 'Not met yet',
    noEvidence: 'No evidence yet',
  },
} as const;
