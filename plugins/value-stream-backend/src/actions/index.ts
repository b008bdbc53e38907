import type {
  AuditorService,
  AuthService,
  PermissionsRegistryService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { RecordService } from '../domain/RecordService';
import type { SummaryService } from '../domain/SummaryService';
import { ActionDeps, createActionContexts } from './actionDeps';
import { registerGetServiceStatus } from './getServiceStatus';
import { registerListMyPendingApprovals } from './listMyPendingApprovals';
import { registerRaiseIncident } from './raiseIncident';
import { registerRequestChange } from './requestChange';
import { registerSearchKnownErrors } from './searchKnownErrors';

/** @internal */
export interface ValueStreamActionsOptions {
  actionsRegistry: ActionsRegistryService;
  auth: AuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  auditor: AuditorService;
  records: RecordService;
  summaries: SummaryService;
  /** `valueStream.recordWriters`: the services that may write records. */
  recordWriters?: readonly string[];
}

/**
 * Registers the value stream's actions (`value-stream:<name>`) with the
 * actions registry, which serves them to Backstage's MCP server. Each acts
 * with the caller's credentials, checked as the REST routes check them.
 */
export function registerValueStreamActions(
  options: ValueStreamActionsOptions,
): void {
  const { actionsRegistry: registry } = options;
  const deps: ActionDeps = {
    contextOf: createActionContexts({
      ...options,
      recordWriters: options.recordWriters ?? [],
    }),
    auditor: options.auditor,
    records: options.records,
    summaries: options.summaries,
  };
  registerGetServiceStatus(registry, deps);
  registerListMyPendingApprovals(registry, deps);
  registerSearchKnownErrors(registry, deps);
  registerRaiseIncident(registry, deps);
  registerRequestChange(registry, deps);
}
