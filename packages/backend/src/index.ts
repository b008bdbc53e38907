/*
 * The Value Stream portal backend: the core Backstage plugins an adopter
 * expects, plus the Value Stream suite.
 */
import { createBackend } from '@backstage/backend-defaults';
import { localPublishDirectoryUrlReader } from '@valuestream/plugin-scaffolder-backend-module-value-stream';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
backend.add(
  import('@valuestream/plugin-scaffolder-backend-module-value-stream'),
);
// lets catalog:register read services the template published to a local
// directory, so the new-service template runs with no git server
backend.add(localPublishDirectoryUrlReader);

// auth plugin, with guest sign-in for local use
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// development-only sign-in as a person of the demo company
backend.add(import('./modules/demoPersonasAuth'));

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// validates the valuestream.io/ annotations of every configuration item
backend.add(import('@valuestream/plugin-catalog-backend-module-value-stream'));

// permission plugin, with the portal's policy: Value Stream rules, allow the rest
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./permissionPolicy'));

// search plugin: PostgreSQL engine in production, Lunr on SQLite
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// user settings, notifications and signals
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// the Value Stream suite (ITIL 4 service value stream)
backend.add(import('@valuestream/plugin-value-stream-backend'));

// Tech Insights: the Value Stream facts and the scorecard checks of
// app-config.yaml (techInsights.factChecker.checks)
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(
  import('@valuestream/plugin-tech-insights-backend-module-value-stream'),
);

backend.start();
