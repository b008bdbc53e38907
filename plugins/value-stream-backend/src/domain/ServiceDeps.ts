import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ValueStreamStore } from '../database/ValueStreamStore';
import type { ValueStreamSettings } from '../settings';
import type { CatalogGateway } from './CatalogGateway';

/** What most domain services are built from; `plugin.ts` provides it. */
export interface ServiceDeps {
  store: ValueStreamStore;
  catalog: CatalogGateway;
  settings: ValueStreamSettings;
  logger: LoggerService;
}
