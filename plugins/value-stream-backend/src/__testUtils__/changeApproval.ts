/*
 * The organisation of the approval policy's route tests: who belongs to
 * which group, a catalog whose services score low, medium and high risk,
 * and the policy of the issue (low 1, medium 1, high and very high 2 with
 * one from outside the requesting team, ECAB for emergencies).
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';

export const CAB = 'group:default/cab';
export const ECAB = 'group:default/ecab';
export const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';

/** Alice requests; the others decide or not, by their groups. */
export const PEOPLE = {
  alice: { ref: 'user:default/alice', groups: [TEAM_A] },
  /** On the board, from outside team A. */
  bob: { ref: 'user:default/bob', groups: [CAB] },
  /** On the board and in team A. */
  carol: { ref: 'user:default/carol', groups: [CAB, TEAM_A] },
  /** On the board and in team A too. */
  gus: { ref: 'user:default/gus', groups: [CAB, TEAM_A] },
  /** On ECAB only. */
  dave: { ref: 'user:default/dave', groups: [ECAB] },
  /** In team A, which owns checkout and payments. */
  erin: { ref: 'user:default/erin', groups: [TEAM_A] },
  /** In no group. */
  frank: { ref: 'user:default/frank', groups: [] as string[] },
};

export type Person = keyof typeof PEOPLE;

/** The Authorization header of a person. */
export const as = (person: Person) =>
  mockCredentials.user.header(PEOPLE[person].ref);

/** User info that gives each person their groups as ownership refs. */
export function userInfoWithGroups() {
  return mockServices.userInfo.mock({
    getUserInfo: async credentials => {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      const person = Object.values(PEOPLE).find(p => p.ref === ref);
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(person?.groups ?? [])],
      };
    },
  }).factory;
}

export const CHECKOUT = 'component:default/checkout';
const CART = 'component:default/cart';
export const PAYMENTS = 'component:default/payments';
export const LEDGER = 'resource:default/ledger';

const component = (
  name: string,
  spec: Record<string, unknown>,
  relations: Array<{ type: string; targetRef: string }> = [],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', ...spec },
  relations,
});

const DEPENDENTS = ['p1', 'p2', 'p3', 'p4', 'p5'];

/**
 * checkout (team A, system shop, one dependent, not in production): a
 * normal change with a window scores low, without one medium. payments
 * (team A, system money, in production, five dependents): a normal change
 * scores high, a standard one medium.
 */
export const POLICY_TEST_ENTITIES: Entity[] = [
  component(
    'checkout',
    { lifecycle: 'experimental', owner: 'team-a', system: 'shop' },
    [
      { type: 'ownedBy', targetRef: TEAM_A },
      { type: 'partOf', targetRef: 'system:default/shop' },
      { type: 'dependencyOf', targetRef: CART },
    ],
  ),
  component('cart', { lifecycle: 'production', owner: 'team-b' }, [
    { type: 'ownedBy', targetRef: TEAM_B },
    { type: 'dependsOn', targetRef: CHECKOUT },
  ]),
  component(
    'payments',
    { lifecycle: 'production', owner: 'team-a', system: 'money' },
    [
      { type: 'ownedBy', targetRef: TEAM_A },
      { type: 'partOf', targetRef: 'system:default/money' },
      ...DEPENDENTS.map(name => ({
        type: 'dependencyOf',
        targetRef: `component:default/${name}`,
      })),
    ],
  ),
  ...DEPENDENTS.map(name =>
    component(name, { lifecycle: 'production', owner: 'team-b' }, [
      { type: 'ownedBy', targetRef: TEAM_B },
      { type: 'dependsOn', targetRef: PAYMENTS },
    ]),
  ),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'ledger', namespace: 'default' },
    spec: { type: 'database', owner: 'team-a' },
    relations: [{ type: 'ownedBy', targetRef: TEAM_A }],
  },
];

/** The policy of the issue, with ECAB; owner approval as asked. */
export function policyConfig(options: { ownerApproval?: boolean } = {}) {
  return {
    valueStream: {
      changeAuthorityGroup: CAB,
      changeApproval: {
        riskLevels: {
          low: { approvals: 1 },
          medium: { approvals: 1 },
          high: { approvals: 2, outsideTeam: 1 },
          very_high: { approvals: 2, outsideTeam: 1 },
        },
        emergencyAuthorityGroup: ECAB,
        ownerApproval: options.ownerApproval ?? false,
      },
    },
  } satisfies JsonObject;
}

/** A one-hour window in 2030. */
export const WINDOW = {
  plannedStart: '2030-03-01T10:00:00.000Z',
  plannedEnd: '2030-03-01T11:00:00.000Z',
};
