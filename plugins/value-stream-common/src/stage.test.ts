import {
  DEFAULT_STAGE_CRITERIA,
  STAGE_EVIDENCE_KEYS,
  computeStage,
  readStageCriteria,
  stageIndex,
  type StageEvidence,
} from './stage';
import type { Stage } from './types';
import type { Evidence } from './readModels';
import { STAGES } from './types';

const e = (label: string): Evidence => ({ label });

const demandDone: StageEvidence = {
  owner: { label: 'group:default/team-a', entityRef: 'group:default/team-a' },
  proposingChange: {
    label: 'New checkout',
    recordType: 'change',
    recordId: 'c1',
  },
};
const designDone: StageEvidence = {
  ...demandDone,
  agreedServiceLevel: e('Gold'),
  system: e('payments'),
  techdocsRef: { label: 'Docs', url: 'https://docs.example.com' },
  authorizedChange: e('c1'),
};
const buildDone: StageEvidence = {
  ...designDone,
  sourceLocation: e('github'),
  plannedRelease: e('1.0.0'),
  requiredAssetsRecorded: [],
};
const testDone: StageEvidence = { ...buildDone, readyRelease: e('1.0.0') };
const deployDone: StageEvidence = {
  ...testDone,
  productionDeployment: e('prod 1.0.0'),
};

function gaps(evidence: StageEvidence) {
  return computeStage(evidence)
    .checklist.filter(i => i.gap)
    .map(i => i.id);
}

describe('computeStage', () => {
  it.each<[string, StageEvidence, Stage, string[]]>([
    ['nothing at all', {}, 'demand', []],
    ['an owner only', { owner: e('team') }, 'demand', []],
    ['demand done', demandDone, 'design', []],
    [
      'design partly done',
      { ...demandDone, agreedServiceLevel: e('Gold') },
      'design',
      [],
    ],
    ['design done', designDone, 'build', []],
    ['build done', buildDone, 'test', []],
    [
      'assets missing',
      { ...buildDone, requiredAssetsRecorded: false },
      'build',
      [],
    ],
    ['test done', testDone, 'deploy', []],
    ['deploy done', deployDone, 'operate', []],
    [
      'fully ready to operate',
      {
        ...deployDone,
        supportGroup: e('sre'),
        runbook: e('rb'),
        monitoring: e('m'),
      },
      'operate',
      [],
    ],
    [
      'a production deployment with nothing else',
      { productionDeployment: e('prod') },
      'operate',
      [
        'owner',
        'proposing-change',
        'agreed-service-level',
        'ci-model',
        'design-docs',
        'authorized-change',
        'source-location',
        'planned-release',
        'required-assets',
        'ready-release',
      ],
    ],
    [
      'a ready release skips to deploy',
      { ...demandDone, readyRelease: e('1.0') },
      'deploy',
      [
        'agreed-service-level',
        'ci-model',
        'design-docs',
        'authorized-change',
        'source-location',
        'planned-release',
        'required-assets',
      ],
    ],
    [
      'a ready release does not hold back a later stage',
      { ...deployDone },
      'operate',
      [],
    ],
    [
      'lifecycle production without records',
      { lifecycle: 'production', owner: e('team'), system: e('pay') },
      'operate',
      [
        'proposing-change',
        'agreed-service-level',
        'design-docs',
        'authorized-change',
        'source-location',
        'planned-release',
        'required-assets',
        'ready-release',
        'production-deployment',
      ],
    ],
    [
      'lifecycle production with an agreed level',
      { lifecycle: 'production', ...designDone, proposingChange: undefined },
      'operate',
      [
        'proposing-change',
        'source-location',
        'planned-release',
        'required-assets',
        'ready-release',
        'production-deployment',
      ],
    ],
    [
      'lifecycle production while being introduced',
      { lifecycle: 'production', ...demandDone },
      'design',
      [],
    ],
    [
      'lifecycle experimental is computed',
      { lifecycle: 'experimental', ...designDone },
      'build',
      [],
    ],
    [
      'deprecated is retired',
      { lifecycle: 'deprecated', ...demandDone },
      'retired',
      [],
    ],
    [
      'deprecated wins over deployment',
      { lifecycle: 'deprecated', productionDeployment: e('prod') },
      'retired',
      [],
    ],
  ])('%s', (_, evidence, stage, expectedGaps) => {
    expect(computeStage(evidence).stage).toBe(stage);
    expect(gaps(evidence)).toEqual(expectedGaps);
  });

  it('lists every criterion with its evidence', () => {
    const { checklist } = computeStage(demandDone);
    expect(checklist).toHaveLength(DEFAULT_STAGE_CRITERIA.length);
    expect(checklist[1]).toEqual({
      id: 'proposing-change',
      stage: 'demand',
      label: 'A change that proposes the service, taken into assessment',
      met: true,
      evidence: [demandDone.proposingChange],
      gap: false,
    });
    expect(checklist.find(i => i.id === 'ci-model')).toEqual({
      id: 'ci-model',
      stage: 'design',
      label: 'Part of a system in the catalog',
      met: false,
      evidence: [],
      gap: false,
    });
  });

  it.each<[StageEvidence['requiredAssetsRecorded'], boolean, number]>([
    [undefined, false, 0],
    [false, false, 0],
    [true, true, 0],
    [[], true, 0],
    [[e('license'), e('db')], true, 2],
  ])('reads required assets %j as met %s', (value, met, links) => {
    const item = computeStage({ requiredAssetsRecorded: value }).checklist.find(
      i => i.id === 'required-assets',
    )!;
    expect(item.met).toBe(met);
    expect(item.evidence).toHaveLength(links);
  });

  it('shows support readiness without gating or gaps', () => {
    const { stage, checklist } = computeStage(deployDone);
    expect(stage).toBe('operate');
    const support = checklist.filter(i => i.stage === 'operate');
    expect(support.map(i => [i.id, i.met, i.gap])).toEqual([
      ['support-group', false, false],
      ['runbook', false, false],
      ['monitoring', false, false],
    ]);
  });

  it.each<[number | undefined, boolean]>([
    [undefined, false],
    [0, false],
    [3, true],
  ])(
    'counts dependencyCount %s as met %s in a custom criterion',
    (count, met) => {
      const criteria = readStageCriteria([
        {
          id: 'dependencies',
          stage: 'design',
          label: 'Dependencies declared',
          evidence: 'dependencyCount',
        },
      ]);
      const item = computeStage(
        { dependencyCount: count },
        criteria,
      ).checklist.find(i => i.id === 'dependencies')!;
      expect(item.met).toBe(met);
    },
  );

  describe('an unauthorized production deployment', () => {
    const flagged = [
      {
        label: 'Unauthorized production deployment',
        recordType: 'deployment' as const,
        recordId: 'd1',
      },
    ];

    it.each<[string, StageEvidence, Stage]>([
      ['of an operating service', deployDone, 'operate'],
      ['of a service in test', buildDone, 'test'],
      ['of a service still in demand', { owner: e('team') }, 'demand'],
      [
        'of a live service without records',
        { lifecycle: 'production', owner: e('team') },
        'operate',
      ],
    ])('is a gap %s, and moves it nowhere', (_, evidence, stage) => {
      const result = computeStage({
        ...evidence,
        unauthorizedDeployments: flagged,
      });
      expect(result.stage).toBe(stage);
      expect(result.stage).toBe(computeStage(evidence).stage);
      const item = result.checklist.find(
        i => i.id === 'authorized-deployments',
      );
      expect(item).toEqual({
        id: 'authorized-deployments',
        stage: 'deploy',
        label: 'An authorized change for each recent production deployment',
        met: false,
        evidence: flagged,
        gap: true,
      });
    });

    it.each<[string, StageEvidence['unauthorizedDeployments']]>([
      ['absent', undefined],
      ['empty', []],
    ])('is met while the finding is %s', (_, value) => {
      const item = computeStage({
        ...deployDone,
        unauthorizedDeployments: value,
      }).checklist.find(i => i.id === 'authorized-deployments')!;
      expect([item.met, item.gap]).toEqual([true, false]);
    });

    it('is no gap of a retired service', () => {
      const item = computeStage({
        lifecycle: 'deprecated',
        unauthorizedDeployments: flagged,
      }).checklist.find(i => i.id === 'authorized-deployments')!;
      expect([item.met, item.gap]).toEqual([false, false]);
    });

    it('can be turned off', () => {
      const criteria = readStageCriteria([
        { id: 'authorized-deployments', enabled: false },
      ]);
      expect(
        computeStage(
          { ...deployDone, unauthorizedDeployments: flagged },
          criteria,
        ).checklist.some(i => i.gap),
      ).toBe(false);
    });
  });

  it('follows custom criteria', () => {
    const criteria = readStageCriteria([
      { id: 'proposing-change', enabled: false },
      { id: 'design-docs', enabled: false },
      { id: 'agreed-service-level', enabled: false },
      { id: 'authorized-change', enabled: false },
    ]);
    expect(
      computeStage({ owner: e('team'), system: e('pay') }, criteria).stage,
    ).toBe('build');
  });
});

describe('the default criteria', () => {
  it('have unique ids', () => {
    const ids = DEFAULT_STAGE_CRITERIA.map(c => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(STAGES.filter(s => s !== 'operate' && s !== 'retired'))(
    'give %s an exit criterion',
    stage => {
      expect(DEFAULT_STAGE_CRITERIA.some(c => c.stage === stage)).toBe(true);
    },
  );

  it('are in stage order and use known evidence', () => {
    const order = DEFAULT_STAGE_CRITERIA.map(c => stageIndex(c.stage));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const c of DEFAULT_STAGE_CRITERIA) {
      expect(STAGE_EVIDENCE_KEYS).toContain(c.evidence);
    }
  });
});

describe('readStageCriteria', () => {
  it.each([[undefined], [null], [[]]])('gives the defaults for %j', value => {
    expect(readStageCriteria(value)).toEqual(DEFAULT_STAGE_CRITERIA);
  });

  it('does not change the defaults', () => {
    readStageCriteria([{ id: 'owner', label: 'Changed' }]);
    expect(DEFAULT_STAGE_CRITERIA[0].label).toBe('An owner');
  });

  it.each<
    [
      string,
      unknown,
      (c: ReturnType<typeof readStageCriteria>) => unknown,
      unknown,
    ]
  >([
    [
      'relabels',
      [{ id: 'agreed-service-level', label: 'An agreed SLA' }],
      c => c.find(x => x.id === 'agreed-service-level')?.label,
      'An agreed SLA',
    ],
    [
      'disables',
      [{ id: 'design-docs', enabled: false }],
      c => c.some(x => x.id === 'design-docs'),
      false,
    ],
    [
      'moves and sorts',
      [{ id: 'runbook', stage: 'deploy' }],
      c =>
        c.findIndex(x => x.id === 'runbook') <
        c.findIndex(x => x.id === 'support-group'),
      true,
    ],
    [
      'adds a criterion in stage order',
      [
        {
          id: 'security-review',
          stage: 'design',
          label: 'Security review',
          evidence: 'authorizedChange',
          proves: true,
        },
      ],
      c => c.find(x => x.id === 'security-review'),
      {
        id: 'security-review',
        stage: 'design',
        label: 'Security review',
        evidence: 'authorizedChange',
        proves: true,
      },
    ],
    [
      'ignores disabling an unknown id',
      [{ id: 'nothing', enabled: false }],
      c => c.length,
      DEFAULT_STAGE_CRITERIA.length,
    ],
    [
      'turns off proving',
      [{ id: 'ready-release', proves: false }],
      c => c.find(x => x.id === 'ready-release')?.proves,
      false,
    ],
  ])('%s', (_, value, pick, expected) => {
    expect(pick(readStageCriteria(value))).toEqual(expected);
  });

  it.each([
    [
      'not a list',
      { owner: {} },
      'Invalid stage criteria: (root): Invalid input: expected array, received object',
    ],
    [
      'an unknown evidence key',
      [{ id: 'x', stage: 'design', label: 'X', evidence: 'vibes' }],
      'Invalid stage criteria: 0.evidence: Invalid option',
    ],
    [
      'the retired stage',
      [{ id: 'x', stage: 'retired', label: 'X', evidence: 'owner' }],
      'Invalid stage criteria: 0.stage: Invalid option',
    ],
    [
      'an unknown field',
      [{ id: 'owner', gating: true }],
      'Invalid stage criteria: 0.gating: Unknown field',
    ],
    [
      'a bad id',
      [{ id: 'Has Spaces' }],
      'Invalid stage criteria: 0.id: Lower-case letters, digits and -',
    ],
    [
      'an incomplete new criterion',
      [{ id: 'x', label: 'X' }],
      'Invalid stage criteria: 0: new criterion "x" needs stage, label and evidence',
    ],
    [
      'a duplicate',
      [{ id: 'owner' }, { id: 'owner' }],
      'Invalid stage criteria: 1: criterion "owner" is listed twice',
    ],
  ])('rejects %s', (_, value, message) => {
    expect(() => readStageCriteria(value)).toThrow(message);
  });
});
