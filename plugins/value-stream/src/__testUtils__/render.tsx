import { ReactElement } from 'react';
import {
  analyticsApiRef,
  identityApiRef,
  type AnalyticsApi,
} from '@backstage/core-plugin-api';
import { SWRConfig } from 'swr';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { ResponseError, type ConsumedResponse } from '@backstage/errors';
import type { Entity } from '@backstage/catalog-model';
import type { FieldError } from '@valuestream/plugin-value-stream-common';
import { valueStreamApiRef, type ValueStreamApi } from '../api';
import { entity as defaultEntity } from './fixtures';

/** A typed fake of the Value Stream client; every method is a jest mock. */
export function fakeValueStreamApi(
  overrides: Partial<ValueStreamApi> = {},
): jest.Mocked<ValueStreamApi> {
  const notStubbed = (name: string) =>
    jest.fn(() => Promise.reject(new Error(`${name} not stubbed`)));
  return {
    getSummary: notStubbed('getSummary'),
    getHistory: jest.fn().mockResolvedValue([]),
    getBoard: notStubbed('getBoard'),
    listRecords: jest.fn().mockResolvedValue({ items: [] }),
    getRecord: notStubbed('getRecord'),
    createRecord: notStubbed('createRecord'),
    updateRecord: notStubbed('updateRecord'),
    transitionRecord: notStubbed('transitionRecord'),
    approve: notStubbed('approve'),
    listAwaitingMyApproval: jest.fn().mockResolvedValue({ items: [] }),
    getChangeApprovalStatus: jest.fn().mockResolvedValue({
      preAuthorized: false,
      riskLevel: 'medium',
      requirements: [],
      complete: true,
    }),
    listStandardChangeModels: jest.fn().mockResolvedValue({ items: [] }),
    getStandardChangeModel: notStubbed('getStandardChangeModel'),
    proposeStandardChangeModel: notStubbed('proposeStandardChangeModel'),
    updateStandardChangeModel: notStubbed('updateStandardChangeModel'),
    transitionStandardChangeModel: notStubbed('transitionStandardChangeModel'),
    listEvents: jest.fn().mockResolvedValue({ items: [] }),
    mapEvent: notStubbed('mapEvent'),
    getImpact: notStubbed('getImpact'),
    getAssets: notStubbed('getAssets'),
    getMetrics: notStubbed('getMetrics'),
    listSlos: jest.fn().mockResolvedValue({ items: [] }),
    getChangeCalendar: jest.fn(async ({ from, to }) => ({
      from,
      to,
      freezeWindows: [],
      maintenance: [],
    })),
    ...overrides,
  } as jest.Mocked<ValueStreamApi>;
}

/**
 * A `ResponseError` as the client throws it for a failed request; `fields`
 * are the field errors a 400 of the backend carries.
 */
export async function responseError(
  status: number,
  name: string,
  message: string,
  fields?: FieldError[],
): Promise<ResponseError> {
  const text = JSON.stringify({
    error: { name, message, ...(fields && { fields }) },
    response: { statusCode: status },
  });
  const headers = new Map([
    ['content-type', 'application/json; charset=utf-8'],
  ]);
  const response = {
    headers: { get: (key: string) => headers.get(key.toLowerCase()) ?? null },
    ok: false,
    redirected: false,
    status,
    statusText:
      {
        400: 'Bad Request',
        403: 'Forbidden',
        404: 'Not Found',
        409: 'Conflict',
      }[status] ?? 'Error',
    type: 'basic',
    url: 'http://localhost:7007/api/value-stream',
    text: async () => text,
  } as unknown as ConsumedResponse & { text(): Promise<string> };
  return ResponseError.fromResponse(response);
}

/** Options of {@link renderWithApis}. */
export interface RenderOptions {
  api?: ValueStreamApi;
  /** Whether the permission API allows everything (default) or nothing. */
  allow?: boolean | ((permissionName: string) => boolean);
  /** Wrap the element in an entity page context. */
  entity?: Entity | false;
  catalogEntities?: Entity[];
  routeEntries?: string[];
  /** The signed-in user's ownership refs (default: the user alone). */
  ownershipEntityRefs?: string[];
  /** Receives the analytics events (default: a mock nobody reads). */
  analytics?: AnalyticsApi;
}

/**
 * Renders an element in a test app with the Value Stream API, the
 * permission API, the catalog API and (by default) an entity context.
 */
export async function renderWithApis(
  element: ReactElement,
  {
    api = fakeValueStreamApi(),
    allow = true,
    entity = defaultEntity,
    catalogEntities = [],
    routeEntries,
    ownershipEntityRefs = ['user:default/guest'],
    analytics = mockApis.analytics(),
  }: RenderOptions = {},
) {
  const permissionApi = mockApis.permission({
    authorize: request => {
      const allowed =
        typeof allow === 'function' ? allow(request.permission.name) : allow;
      return allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
    },
  });
  const wrapped = entity ? (
    <EntityProvider entity={entity}>{element}</EntityProvider>
  ) : (
    element
  );
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [valueStreamApiRef, api],
        [permissionApiRef, permissionApi],
        [catalogApiRef, catalogApiMock({ entities: catalogEntities })],
        [analyticsApiRef, analytics],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: 'user:default/guest',
            ownershipEntityRefs,
          }),
        ],
      ]}
    >
      {/* usePermission caches decisions in SWR; each test starts afresh. */}
      <SWRConfig value={{ provider: () => new Map() }}>{wrapped}</SWRConfig>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries,
    },
  );
}
