import type {
  AuditorService,
  AuthService,
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import { CollectionName, COLLECTIONS } from '../domain/collections';
import type { AnyRecord, RecordService } from '../domain/RecordService';
import type { RequestContext } from '../domain/RequestContext';
import type { SummaryService } from '../domain/SummaryService';
import { audited } from '../lib/audited';
import { createRequestContextFactory } from '../domain/requestContextFactory';
import { entityRefOf } from './schemaParts';

/** What the actions act through: the domain services and the caller. */
export interface ActionDeps {
  /**
   * The caller's context, built as the REST routes build it; refuses
   * anonymous callers.
   */
  contextOf(credentials: BackstageCredentials): Promise<RequestContext>;
  auditor: AuditorService;
  records: RecordService;
  summaries: SummaryService;
}

/** Builds a caller's context from the credentials the registry passes. */
export function createActionContexts(options: {
  auth: AuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  recordWriters: readonly string[];
}): ActionDeps['contextOf'] {
  const { auth } = options;
  const contextFor = createRequestContextFactory(options);
  return async credentials => {
    if (auth.isPrincipal(credentials, 'user')) {
      return contextFor(credentials);
    }
    if (auth.isPrincipal(credentials, 'service')) {
      return contextFor(credentials);
    }
    throw new AuthenticationError(
      'The value stream actions need the credentials of a user or a service',
    );
  };
}

/**
 * Creates a record from an action's input with the caller's credentials,
 * inside the audit event the REST route raises for the same write. No HTTP
 * request carries the action and the caller, so the event's meta names them.
 */
export async function createRecordAs(
  deps: ActionDeps,
  credentials: BackstageCredentials,
  target: { action: string; collection: CollectionName },
  input: { entityRef: string } & Record<string, unknown>,
): Promise<AnyRecord> {
  const ctx = await deps.contextOf(credentials);
  return audited(
    deps.auditor,
    {
      eventId: 'record-create',
      severityLevel: 'medium',
      meta: {
        collection: target.collection,
        action: `value-stream:${target.action}`,
        actor: ctx.actorRef,
      },
    },
    () =>
      deps.records.create(
        COLLECTIONS[target.collection],
        { ...input, entityRef: entityRefOf(input.entityRef) },
        ctx,
      ),
  );
}
