import type {
  AuditorService,
  AuthService,
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import type { RecordService } from '../domain/RecordService';
import type { RequestContext } from '../domain/RequestContext';
import type { SummaryService } from '../domain/SummaryService';
import { audited } from '../lib/audited';
import { createRequestContextFactory } from '../lib/requestContext';

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
 * Creates a record inside the audit event the REST route raises for the
 * same write, naming the action and the caller (no HTTP request carries
 * them).
 */
export function auditedCreate<T extends { id: string; entityRef: string }>(
  deps: ActionDeps,
  ctx: RequestContext,
  details: { collection: string; action: string },
  run: () => Promise<T>,
): Promise<T> {
  return audited(
    deps.auditor,
    {
      eventId: 'record-create',
      severityLevel: 'medium',
      meta: { ...details, actor: ctx.actorRef },
    },
    run,
  );
}
