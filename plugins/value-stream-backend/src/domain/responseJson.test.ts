import {
  boardItemWithCounts,
  presentSummary,
  serializeSummary,
  SummaryDocument,
} from './responseJson';

const NOW = new Date('2026-03-31T00:00:00.000Z');
const DAY = 86_400_000;

function document(overrides: Partial<SummaryDocument> = {}): SummaryDocument {
  return {
    stage: 'operate',
    checklist: [],
    serviceLevels: [],
    windowIncidents: [],
    openChanges: [],
    recentReleases: [],
    latestDeployments: [],
    recentDeployments: [],
    openIncidents: [],
    openProblems: [],
    ...overrides,
  };
}

describe('responseJson', () => {
  it('presents a stored summary as the object built whole would serialize', () => {
    const { windowIncidents, serviceLevels, ...rest } = document({
      checklist: [
        {
          id: 'agreed-service-level',
          stage: 'operate',
          label: 'Agreed SLA',
          met: true,
          evidence: [],
          gap: false,
        },
      ],
    });
    const stored = serializeSummary({
      ...rest,
      windowIncidents,
      serviceLevels,
    });
    const stage = {
      entityRef: 'component:default/cart',
      stage: 'operate' as const,
      since: new Date(NOW.getTime() - 3 * DAY).toISOString(),
      computedAt: NOW.toISOString(),
      gaps: 0,
    };

    const json = presentSummary('component:default/cart', stored, stage, NOW);

    const { stage: _stage, ...withoutStage } = rest;
    expect(JSON.parse(json)).toEqual({
      entityRef: 'component:default/cart',
      stage: 'operate',
      stageSince: stage.since,
      serviceLevels: [],
      ...withoutStage,
    });
  });

  it('leaves out stageSince when the stored stage moved on', () => {
    const stored = serializeSummary(document({ stage: 'deploy' }));
    const json = presentSummary(
      'component:default/cart',
      stored,
      {
        entityRef: 'component:default/cart',
        stage: 'operate',
        since: NOW.toISOString(),
        computedAt: NOW.toISOString(),
        gaps: 0,
      },
      NOW,
    );
    expect(JSON.parse(json)).not.toHaveProperty('stageSince');
    expect(JSON.parse(json).stage).toBe('deploy');
  });

  it('appends the counts to a stored board item', () => {
    const stored = JSON.stringify({
      entityRef: 'component:default/cart',
      title: 'Cart',
      stage: 'build',
    });
    expect(
      JSON.parse(
        boardItemWithCounts(stored, { openIncidents: 2, openChanges: 0 }),
      ),
    ).toEqual({
      entityRef: 'component:default/cart',
      title: 'Cart',
      stage: 'build',
      openIncidents: 2,
      openChanges: 0,
    });
  });
});
