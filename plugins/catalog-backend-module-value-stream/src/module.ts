import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { ValueStreamAnnotationsProcessor } from './ValueStreamAnnotationsProcessor';

/**
 * The Value Stream catalog module: validates the `valuestream.io/`
 * annotations of every entity and the asset annotations of Resources, and
 * reports bad values as catalog processing errors on the entity.
 *
 * @public
 */
export const catalogModuleValueStream = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'value-stream',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ catalog, config }) {
        catalog.addProcessor(
          ValueStreamAnnotationsProcessor.fromConfig(config),
        );
      },
    });
  },
});
