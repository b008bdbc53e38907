import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createValueStreamChangeAction,
  createValueStreamGetStageAction,
  createValueStreamProposeServiceLevelAction,
  createValueStreamPublishLocalDirectoryAction,
} from './actions';

/**
 * The Value Stream scaffolder module: adds the `valuestream:*` actions.
 *
 * @public
 */
export const scaffolderModuleValueStream = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'value-stream',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, auth, discovery, config }) {
        scaffolder.addActions(
          createValueStreamChangeAction({ auth, discovery, config }),
          createValueStreamProposeServiceLevelAction({
            auth,
            discovery,
            config,
          }),
          createValueStreamGetStageAction({ auth, discovery }),
          createValueStreamPublishLocalDirectoryAction({ config }),
        );
      },
    });
  },
});
