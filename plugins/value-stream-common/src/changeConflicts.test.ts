import {
  conflictRefusal,
  entitiesWithinConflictHops,
  findChangeConflicts,
  MAX_CHANGE_CONFLICTS,
  type ConflictCandidate,
  type RelatedEntity,
} from './changeConflicts';
import type { ChangeState } from './types';

/*
 * A small catalog, with the relations the catalog stitches on both sides:
 *
 *   web --dependsOn--> checkout --dependsOn--> db
 *   cart --dependsOn--> db            (cart shares the dependency db)
 *   checkout --providesApi--> checkout-api <--consumesApi-- mobile
 *   ops --dependsOn--> checkout, ops --dependsOn--> billing
 *                                     (billing shares the dependent ops)
 *   db --dependsOn--> disk            (three hops from web)
 */
const edges: Array<[string, string, string, string]> = [
  [
    'component:default/web',
    'dependsOn',
    'dependencyOf',
    'component:default/checkout',
  ],
  [
    'component:default/checkout',
    'dependsOn',
    'dependencyOf',
    'resource:default/db',
  ],
  [
    'component:default/cart',
    'dependsOn',
    'dependencyOf',
    'resource:default/db',
  ],
  [
    'component:default/checkout',
    'providesApi',
    'apiProvidedBy',
    'api:default/checkout-api',
  ],
  [
    'component:default/mobile',
    'consumesApi',
    'apiConsumedBy',
    'api:default/checkout-api',
  ],
  [
    'component:default/ops',
    'dependsOn',
    'dependencyOf',
    'component:default/checkout',
  ],
  [
    'component:default/ops',
    'dependsOn',
    'dependencyOf',
    'component:default/billing',
  ],
  ['resource:default/db', 'dependsOn', 'dependencyOf', 'resource:default/disk'],
  ['component:default/checkout', 'ownedBy', 'ownerOf', 'group:default/team-a'],
];
const relations = new Map<string, Array<{ type: string; targetRef: string }>>();
for (const [from, type, inverse, to] of edges) {
  relations.set(from, [
    ...(relations.get(from) ?? []),
    { type, targetRef: to },
  ]);
  relations.set(to, [
    ...(relations.get(to) ?? []),
    { type: inverse, targetRef: from },
  ]);
}
const relationsOf = (ref: string) => relations.get(ref);

const near = (root: string) => entitiesWithinConflictHops(root, relationsOf);
const comp = (name: string) => `component:default/${name}`;

describe('entitiesWithinConflictHops', () => {
  it.each<[string, string, Omit<RelatedEntity, 'entityRef'> | undefined]>([
    [
      'the entity itself',
      comp('checkout'),
      { hops: 0, relation: 'same-entity' },
    ],
    [
      'a direct dependency',
      'resource:default/db',
      { hops: 1, relation: 'dependency' },
    ],
    ['a direct dependent', comp('web'), { hops: 1, relation: 'dependent' }],
    [
      'a provided API',
      'api:default/checkout-api',
      { hops: 1, relation: 'dependent' },
    ],
    [
      'a consumer of a provided API: a dependent two hops down',
      comp('mobile'),
      { hops: 2, relation: 'dependent', via: 'api:default/checkout-api' },
    ],
    [
      'a dependency of a dependency',
      'resource:default/disk',
      { hops: 2, relation: 'dependency', via: 'resource:default/db' },
    ],
    [
      'a service sharing a dependency',
      comp('cart'),
      { hops: 2, relation: 'shared-dependency', via: 'resource:default/db' },
    ],
    [
      'a service sharing a dependent',
      comp('billing'),
      { hops: 2, relation: 'shared-dependent', via: comp('ops') },
    ],
    ['an owner is no dependency', 'group:default/team-a', undefined],
  ])('from checkout: %s', (_, ref, expected) => {
    const found = near(comp('checkout')).get(ref);
    expect(found).toEqual(expected && { entityRef: ref, ...expected });
  });

  it.each<
    [string, string, string, Omit<RelatedEntity, 'entityRef'> | undefined]
  >([
    [
      'a dependent two hops up',
      'resource:default/db',
      comp('web'),
      { hops: 2, relation: 'dependent', via: comp('checkout') },
    ],
    [
      'a dependency two hops down',
      comp('web'),
      'resource:default/db',
      { hops: 2, relation: 'dependency', via: comp('checkout') },
    ],
    ['three hops is too far', comp('web'), 'resource:default/disk', undefined],
    [
      'an API consumer sees the provider',
      comp('mobile'),
      comp('checkout'),
      { hops: 2, relation: 'dependency', via: 'api:default/checkout-api' },
    ],
    [
      'refs are matched without case',
      'Component:Default/Web',
      comp('checkout'),
      { hops: 1, relation: 'dependency' },
    ],
  ])('both ways: %s', (_, root, ref, expected) => {
    const found = near(root).get(ref);
    expect(found).toEqual(expected && { entityRef: ref, ...expected });
  });

  it('is symmetric in distance', () => {
    const refs = [...relations.keys()];
    for (const a of refs) {
      for (const b of refs) {
        expect(near(a).get(b)?.hops).toBe(near(b).get(a)?.hops);
      }
    }
  });

  it('knows only the root when the catalog does not have it', () => {
    expect([...near('component:default/ghost').keys()]).toEqual([
      'component:default/ghost',
    ]);
  });
});

function candidate(
  id: string,
  entity: string,
  start: string | undefined,
  end: string | undefined,
  state: ChangeState = 'scheduled',
): ConflictCandidate {
  return {
    id,
    title: `Change ${id}`,
    entityRef: comp(entity),
    type: 'normal',
    state,
    plannedStart: start,
    plannedEnd: end,
  };
}

const at = (hh: string) => `2030-01-01T${hh}:00:00.000Z`;
const change = { id: 'me', plannedStart: at('10'), plannedEnd: at('12') };

describe('findChangeConflicts', () => {
  const ids = (c: ConflictCandidate, own: typeof change = change) =>
    findChangeConflicts({
      change: own,
      candidates: [c],
      related: near(comp('checkout')),
    }).map(x => x.changeId);

  it.each<[string, ConflictCandidate, boolean]>([
    [
      'an overlapping window on the same entity',
      candidate('a', 'checkout', at('11'), at('13')),
      true,
    ],
    [
      'a window inside this one',
      candidate('a', 'checkout', at('10'), at('11')),
      true,
    ],
    [
      'a window around this one',
      candidate('a', 'checkout', at('09'), at('13')),
      true,
    ],
    [
      'a window that ends when this one starts',
      candidate('a', 'checkout', at('08'), at('10')),
      false,
    ],
    [
      'a window that starts when this one ends',
      candidate('a', 'checkout', at('12'), at('13')),
      false,
    ],
    [
      'a window on another day',
      candidate(
        'a',
        'checkout',
        '2030-01-02T10:00:00.000Z',
        '2030-01-02T12:00:00.000Z',
      ),
      false,
    ],
    [
      'a start without an end, inside',
      candidate('a', 'checkout', at('11'), undefined),
      true,
    ],
    [
      'a start without an end, at the end',
      candidate('a', 'checkout', at('12'), undefined),
      false,
    ],
    [
      'no window at all',
      candidate('a', 'checkout', undefined, undefined),
      false,
    ],
    [
      'a dependent one hop away',
      candidate('a', 'web', at('11'), at('13')),
      true,
    ],
    [
      'a service sharing a dependency',
      candidate('a', 'cart', at('11'), at('13')),
      true,
    ],
    [
      'a service sharing a dependent',
      candidate('a', 'billing', at('11'), at('13')),
      true,
    ],
    [
      'an unrelated service',
      candidate('a', 'search', at('11'), at('13')),
      false,
    ],
    [
      'the change itself',
      candidate('me', 'checkout', at('11'), at('13')),
      false,
    ],
  ])('%s', (_, other, conflicts) => {
    expect(ids(other)).toEqual(conflicts ? ['a'] : []);
  });

  it.each<[ChangeState, boolean]>([
    ['new', true],
    ['assess', true],
    ['authorize', true],
    ['scheduled', true],
    ['implement', true],
    ['review', true],
    ['closed', false],
    ['rejected', false],
    ['cancelled', false],
    ['failed', false],
  ])('a change in %s is open: %s', (state, conflicts) => {
    const other = candidate('a', 'checkout', at('11'), at('13'), state);
    expect(ids(other)).toEqual(conflicts ? ['a'] : []);
  });

  it('finds nothing for a change without a window, and judges one without an end at its start', () => {
    const other = candidate('a', 'checkout', at('10'), at('12'));
    expect(ids(other, { id: 'me' } as typeof change)).toEqual([]);
    expect(
      ids(other, { id: 'me', plannedStart: at('11') } as typeof change),
    ).toEqual(['a']);
  });

  it('says how and where each conflict is, nearest first, then by start', () => {
    const conflicts = findChangeConflicts({
      change,
      candidates: [
        candidate('far', 'billing', at('10'), at('11')),
        candidate('late', 'checkout', at('11'), at('13')),
        candidate('early', 'checkout', at('09'), at('11')),
        candidate('near', 'web', at('10'), at('11')),
      ],
      related: near(comp('checkout')),
    });
    expect(conflicts.map(c => [c.changeId, c.hops, c.relation])).toEqual([
      ['early', 0, 'same-entity'],
      ['late', 0, 'same-entity'],
      ['near', 1, 'dependent'],
      ['far', 2, 'shared-dependent'],
    ]);
    expect(conflicts[3]).toEqual({
      changeId: 'far',
      title: 'Change far',
      entityRef: comp('billing'),
      type: 'normal',
      state: 'scheduled',
      plannedStart: at('10'),
      plannedEnd: at('11'),
      hops: 2,
      relation: 'shared-dependent',
      via: comp('ops'),
    });
  });

  it(`keeps at most ${MAX_CHANGE_CONFLICTS}`, () => {
    const many = Array.from({ length: MAX_CHANGE_CONFLICTS + 5 }, (_, i) =>
      candidate(
        `c${String(i).padStart(3, '0')}`,
        'checkout',
        at('11'),
        at('13'),
      ),
    );
    const found = findChangeConflicts({
      change,
      candidates: many,
      related: near(comp('checkout')),
    });
    expect(found).toHaveLength(MAX_CHANGE_CONFLICTS);
  });
});

describe('conflictRefusal', () => {
  it('names the conflicting changes, the nearest first', () => {
    const conflicts = findChangeConflicts({
      change,
      candidates: [
        candidate('b', 'cart', at('11'), at('13')),
        candidate('a', 'checkout', at('11'), at('13')),
      ],
      related: near(comp('checkout')),
    });
    expect(conflictRefusal(conflicts)).toBe(
      'The planned window collides with change a "Change a" on component:default/checkout (the same entity); change b "Change b" on component:default/cart (an entity with a shared dependency, 2 hops through resource:default/db); conflicts block scheduling here: move the window or settle the other change first',
    );
    expect(conflictRefusal([])).toBeUndefined();
  });
});
