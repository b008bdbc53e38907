import {
  AlertEntityLookup,
  IngestEntity,
  matchAlertToEntity,
  normalizeIngestRef,
  preferredEntity,
  selectGithubEntity,
} from './entities';

const CATALOG: IngestEntity[] = [
  { entityRef: 'component:default/checkout' },
  { entityRef: 'group:default/checkout' },
  { entityRef: 'system:default/checkout' },
  { entityRef: 'component:shop/cart' },
  { entityRef: 'component:default/cart' },
  { entityRef: 'component:default/payments' },
  {
    entityRef: 'component:default/legacy-billing',
    annotations: { 'valuestream.io/alert-selector': 'job=billing' },
  },
  {
    entityRef: 'component:default/billing-eu',
    annotations: { 'valuestream.io/alert-selector': 'job=billing, region=eu' },
  },
  {
    entityRef: 'component:default/broken',
    annotations: { 'valuestream.io/alert-selector': 'job' },
  },
  {
    entityRef: 'component:default/search',
    annotations: { 'valuestream.io/alert-selector': 'job="search", env=prod' },
  },
];

function lookupOf(entities: IngestEntity[]): AlertEntityLookup {
  const name = (ref: string) => ref.split('/')[1];
  return {
    byRef: async ref =>
      entities.find(e => e.entityRef.toLowerCase() === ref.toLowerCase()),
    byName: async n =>
      entities.filter(e => name(e.entityRef).toLowerCase() === n.toLowerCase()),
    withAlertSelector: async () =>
      entities.filter(e => e.annotations?.['valuestream.io/alert-selector']),
  };
}

describe('matchAlertToEntity', () => {
  const lookup = lookupOf(CATALOG);
  it.each([
    [
      { backstage_entity: 'component:default/payments' },
      'component:default/payments',
      'backstage_entity',
    ],
    [
      { backstage_entity: 'payments' },
      'component:default/payments',
      'backstage_entity',
    ],
    [
      { backstage_entity: 'Component:Default/Payments' },
      'component:default/payments',
      'backstage_entity',
    ],
    [
      { backstage_entity: 'component:default/ghost', service: 'checkout' },
      'component:default/checkout',
      'service',
    ],
    [
      { backstage_entity: 'payments', service: 'checkout' },
      'component:default/payments',
      'backstage_entity',
    ],
    [{ service: 'checkout' }, 'component:default/checkout', 'service'],
    [{ service: 'CART' }, 'component:default/cart', 'service'],
    [
      { service: 'ghost', job: 'billing' },
      'component:default/legacy-billing',
      'alert-selector',
    ],
    [
      { job: 'billing', region: 'eu' },
      'component:default/billing-eu',
      'alert-selector',
    ],
    [
      { job: 'billing', region: 'us' },
      'component:default/legacy-billing',
      'alert-selector',
    ],
    [
      { job: 'search', env: 'prod', severity: 'critical' },
      'component:default/search',
      'alert-selector',
    ],
  ])('%j -> %s by %s', async (labels, entityRef, matchedBy) => {
    await expect(matchAlertToEntity({ labels }, lookup)).resolves.toMatchObject(
      {
        entityRef,
        matchedBy,
      },
    );
  });

  it.each([
    [{}],
    [{ service: 'ghost' }],
    [{ job: 'other' }],
    [{ job: 'search', env: 'staging' }],
    [{ backstage_entity: '::' }],
  ])('does not match %j', async labels => {
    await expect(
      matchAlertToEntity({ labels }, lookup),
    ).resolves.toBeUndefined();
  });

  it('never maps a service label to a group', async () => {
    const groupsOnly = lookupOf([{ entityRef: 'group:default/checkout' }]);
    await expect(
      matchAlertToEntity({ labels: { service: 'checkout' } }, groupsOnly),
    ).resolves.toBeUndefined();
  });
});

describe('preferredEntity', () => {
  it('prefers components, then the default namespace, then the ref', () => {
    expect(
      preferredEntity([
        { entityRef: 'system:default/a' },
        { entityRef: 'component:team/a' },
        { entityRef: 'component:default/b' },
        { entityRef: 'component:default/a' },
      ])?.entityRef,
    ).toBe('component:default/a');
    expect(preferredEntity([{ entityRef: 'user:default/a' }])).toBeUndefined();
  });
});

describe('normalizeIngestRef', () => {
  it.each([
    ['checkout', 'component:default/checkout'],
    ['Resource:db', 'resource:default/db'],
    ['component:Shop/Cart', 'component:shop/cart'],
    ['component:', undefined],
    ['', undefined],
  ])('%s -> %s', (ref, expected) => {
    expect(normalizeIngestRef(ref)).toBe(expected);
  });
});

describe('selectGithubEntity', () => {
  const mono: IngestEntity[] = [
    { entityRef: 'component:default/checkout' },
    { entityRef: 'component:default/checkout-api' },
    { entityRef: 'component:default/cart' },
  ];
  it.each([
    [
      'a single candidate',
      [{ entityRef: 'component:default/x' }],
      {},
      'component:default/x',
    ],
    [
      'the only component',
      [
        { entityRef: 'system:default/shop' },
        { entityRef: 'component:default/shop-web' },
      ],
      {},
      'component:default/shop-web',
    ],
    ['the named entity', mono, { entityRef: 'cart' }, 'component:default/cart'],
    [
      'a tag prefix with @',
      mono,
      { ref: 'checkout@1.2.0' },
      'component:default/checkout',
    ],
    [
      'a tag prefix with -v',
      mono,
      { ref: 'refs/tags/checkout-api-v2.0.1' },
      'component:default/checkout-api',
    ],
    [
      'a tag prefix with /',
      mono,
      { ref: 'cart/3.1.4' },
      'component:default/cart',
    ],
    [
      'a named entity outside the repository',
      mono,
      { entityRef: 'ghost', ref: 'cart@1.0.0' },
      'component:default/cart',
    ],
  ] as const)('picks %s', (_name, candidates, hints, expected) => {
    expect(selectGithubEntity(candidates, hints)?.entityRef).toBe(expected);
  });

  it.each([
    ['no candidates', [], {}],
    ['several candidates without hints', mono, {}],
    ['a branch ref', mono, { ref: 'main' }],
    ['an unknown prefix', mono, { ref: 'billing@1.0.0' }],
  ] as const)('picks nothing for %s', (_name, candidates, hints) => {
    expect(selectGithubEntity(candidates, hints)).toBeUndefined();
  });
});
