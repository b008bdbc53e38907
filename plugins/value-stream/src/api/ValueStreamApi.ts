import { createApiRef } from '@backstage/core-plugin-api';
import type { ValueStreamApi } from '@valuestream/plugin-value-stream-common';

/**
 * The API ref of the Value Stream client.
 * @public
 */
export const valueStreamApiRef = createApiRef<ValueStreamApi>({
  id: 'plugin.value-stream.service',
});
