import { createBackendModule } from '@backstage/backend-plugin-api';
import { NotAllowedError, InputError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The header the demo sign-in page sends with the chosen persona. */
export const DEMO_PERSONA_HEADER = 'x-demo-persona';

const USER_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/**
 * Signs in as any User of the catalog named in a request header, so the
 * demo can be walked as a service owner and as a change approver. Like the
 * guest provider it refuses to work outside a development environment.
 */
const demoPersonaAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async (result: { userName: string }) => ({
    profile: { displayName: result.userName },
  }),
  initialize() {
    return { enabled: process.env.NODE_ENV === 'development' };
  },
  async authenticate({ req }, { enabled }) {
    if (!enabled) {
      throw new NotAllowedError(
        'Demo personas are only available in a development environment',
      );
    }
    const userName = req.header(DEMO_PERSONA_HEADER) ?? '';
    if (!USER_NAME.test(userName)) {
      throw new InputError(
        `Header ${DEMO_PERSONA_HEADER} must name a catalog user, e.g. lucas-moreau`,
      );
    }
    return { result: { userName } };
  },
});

/**
 * Auth provider `demo`: development-only sign-in as a catalog user, with
 * ownership resolved from the user's catalog memberships.
 */
export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-personas-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: demoPersonaAuthenticator,
            async signInResolver({ result }, ctx) {
              return ctx.signInWithCatalogUser({
                entityRef: { kind: 'user', name: result.userName },
              });
            },
          }),
        });
      },
    });
  },
});
