import { mockCredentials } from '@backstage/backend-test-utils';
import type { RequestContext } from '../domain/RequestContext';

/** Alice's credentials: one object, so that fakes can tell her reads apart. */
export const ALICE_CREDENTIALS = mockCredentials.user('user:default/alice');

/**
 * Alice acting in a request: every value stream permission allowed, and
 * catalog reads as given (all, none, or under the catalog's conditions).
 */
export function aliceContext(
  catalogAccess: 'all' | 'none' | 'conditional',
): RequestContext {
  return {
    credentials: ALICE_CREDENTIALS,
    actorRef: ALICE_CREDENTIALS.principal.userEntityRef,
    isUser: true,
    ownershipRefs: [ALICE_CREDENTIALS.principal.userEntityRef],
    authorizeRecordWrite: () => undefined,
    authorize: async () => undefined,
    authorizeOn: async () => undefined,
    entityAccess: async () => ({ kind: 'all' }),
    catalogReadAccess: async () => catalogAccess,
  };
}
