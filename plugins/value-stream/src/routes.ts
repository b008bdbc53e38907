import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The route of the Value Stream portal page.
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'value-stream',
});
