/*
 * The plugin behind its REST API for route tests: the in-memory catalog
 * with two services, the real store on the database under test, a
 * permission policy that allows all but what a test denies, and the API
 * helpers the tests share.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { ServiceFactory } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import type { StandardChangeModel } from '@valuestream/plugin-value-stream-common';
import type { Knex } from 'knex';
import type { Server } from 'node:http';
import request from 'supertest';
import { valueStreamPlugin } from '../plugin';

export const ALICE = 'user:default/alice';
export const BOB = 'user:default/bob';
export const CAROL = 'user:default/carol';
export const CHECKOUT = 'component:default/checkout';
export const CART = 'component:default/cart';
export const BASE = '/api/value-stream';

export const alice = mockCredentials.user.header(ALICE);
export const bob = mockCredentials.user.header(BOB);
export const carol = mockCredentials.user.header(CAROL);

const ROUTE_TEST_ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'experimental', owner: 'team-a' },
    relations: [{ type: 'dependencyOf', targetRef: CART }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cart', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-b' },
    relations: [{ type: 'dependsOn', targetRef: CHECKOUT }],
  },
];

/** A running plugin and the helpers of its API. */
export interface RouteBackend {
  server: Server;
  /** Permission names the policy refuses until `denied.clear()`. */
  denied: Set<string>;
  stop(): Promise<void>;
}

/**
 * Starts the plugin on `knex` with `config` (under the root) and any other
 * service factories (auth, permissions) a test replaces.
 */
export async function startRouteBackend(options: {
  knex: Knex;
  config?: JsonObject;
  features?: ServiceFactory[];
  /** Use the features' permissions service instead of the test policy. */
  realPermissions?: boolean;
  /** The catalog; {@link ROUTE_TEST_ENTITIES} when absent. */
  entities?: Entity[];
}): Promise<RouteBackend> {
  const denied = new Set<string>();
  const decide = (name: string) =>
    denied.has(name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW;
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({ result: decide(r.permission.name) })),
    authorizeConditional: async requests =>
      requests.map(r => ({ result: decide(r.permission.name) })),
  });
  const backend = await startTestBackend({
    features: [
      valueStreamPlugin,
      catalogServiceMock.factory({
        entities: options.entities ?? ROUTE_TEST_ENTITIES,
      }),
      mockServices.database.factory({ knex: options.knex }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.rootConfig.factory({ data: options.config ?? {} }),
      ...(options.realPermissions ? [] : [permissions.factory]),
      ...(options.features ?? []),
    ],
  });
  return { server: backend.server, denied, stop: () => backend.stop() };
}

/** The API calls the route tests make, as one caller or another. */
export function apiOf(server: Server) {
  const api = () => request(server);
  return {
    get: (path: string, auth = alice) =>
      api().get(`${BASE}${path}`).set('Authorization', auth),
    post: (path: string, body: object, auth = alice) =>
      api().post(`${BASE}${path}`).set('Authorization', auth).send(body),
    patch: (path: string, body: object, auth = alice) =>
      api().patch(`${BASE}${path}`).set('Authorization', auth).send(body),
    move: (
      collection: string,
      record: { id: string; version: number },
      to: string,
      extra: object = {},
      auth = alice,
    ) =>
      api()
        .post(`${BASE}/${collection}/${record.id}/transitions`)
        .set('Authorization', auth)
        .send({ to, version: record.version, ...extra }),
    decide: (
      change: { id: string },
      decision: 'approved' | 'rejected',
      auth = bob,
    ) =>
      api()
        .post(`${BASE}/changes/${change.id}/approvals`)
        .set('Authorization', auth)
        .send({ decision }),
    /**
     * A standard-change model proposed by Alice and approved by Bob; by
     * default for every component, up to a very high risk, for years.
     */
    approvedModel: async (
      body: Record<string, unknown> = {},
    ): Promise<StandardChangeModel> => {
      const proposed = await api()
        .post(`${BASE}/standard-change-models`)
        .set('Authorization', alice)
        .send({
          name: 'Rotate the TLS certificate',
          description: 'Install the renewed certificate and reload.',
          scope: { kinds: ['component'] },
          riskCeiling: 'very_high',
          expiresAt: '2099-01-01T00:00:00Z',
          reviewAt: '2098-01-01T00:00:00Z',
          ...body,
        });
      if (proposed.status !== 201) {
        throw new Error(`Proposing a model: ${JSON.stringify(proposed.body)}`);
      }
      const approved = await api()
        .post(`${BASE}/standard-change-models/${proposed.body.id}/transitions`)
        .set('Authorization', bob)
        .send({ to: 'approved', version: proposed.body.version });
      if (approved.status !== 200) {
        throw new Error(`Approving a model: ${JSON.stringify(approved.body)}`);
      }
      return approved.body;
    },
  };
}
