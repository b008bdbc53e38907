import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { valueStreamPermissions } from '@valuestream/plugin-value-stream-common';
import {
  valueStreamEntityPermissionResourceRef,
  valueStreamPermissionRules,
} from '@valuestream/plugin-value-stream-node';
import { registerValueStreamActions } from './actions';
import { ValueStreamStore } from './database/ValueStreamStore';
import { IngestService } from './ingest/IngestService';
import { DemoDataSeeder } from './demo/DemoDataSeeder';
import { scheduleValueStreamTasks } from './scheduler/tasks';
import { createRouter } from './routes/router';
import { AssetsService } from './domain/AssetsService';
import { BoardService } from './domain/BoardService';
import { CatalogGateway } from './domain/CatalogGateway';
import { ChangeCalendarService } from './domain/ChangeCalendarService';
import { ImpactService } from './domain/ImpactService';
import { MetricsService } from './domain/MetricsService';
import { ScorecardService } from './domain/ScorecardService';
import { RecordService } from './domain/RecordService';
import { readValueStreamSettings } from './settings';
import { SlaBreachService } from './domain/SlaBreachService';
import { StageService } from './domain/StageService';
import { SummaryService } from './domain/SummaryService';
import { StandardChangeModelService } from './domain/StandardChangeModelService';
import { PrometheusSliSource } from './domain/slo/PrometheusSliSource';
import { SloService } from './domain/slo/SloService';

/**
 * The Value Stream backend plugin: practice records, value stream stages,
 * their REST API under `/api/value-stream` and actions for AI assistants.
 *
 * @public
 */
export const valueStreamPlugin = createBackendPlugin({
  pluginId: 'value-stream',
  register(env) {
    env.registerInit({
      deps: {
        actionsRegistry: actionsRegistryServiceRef,
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
      },
      async init({
        actionsRegistry,
        auth,
        auditor,
        config,
        database,
        httpAuth,
        httpRouter,
        logger,
        permissions,
        permissionsRegistry,
        scheduler,
        userInfo,
        catalog,
      }) {
        const settings = readValueStreamSettings(config);
        const store = await ValueStreamStore.create({ database });
        const catalogGateway = CatalogGateway.create({ catalog, auth });

        // Every permission of the suite, the basic ones included: what is
        // registered is what an external access token's accessRestrictions
        // can name (an integration's token: value-stream.event.ingest).
        permissionsRegistry.addResourceType({
          resourceRef: valueStreamEntityPermissionResourceRef,
          permissions: valueStreamPermissions,
          rules: Object.values(valueStreamPermissionRules),
          getResources: async refs => {
            const entities = await catalogGateway.getEntities(refs);
            return refs.map(ref =>
              entities.get(ref.toLocaleLowerCase('en-US')),
            );
          },
        });

        const stages = StageService.create({
          store,
          catalog: catalogGateway,
          settings,
          logger,
        });
        const impact = ImpactService.create({ catalog: catalogGateway });
        const records = RecordService.create({
          store,
          catalog: catalogGateway,
          impact,
          stages,
          settings,
          logger,
        });
        const summaries = SummaryService.create({
          store,
          catalog: catalogGateway,
          stages,
          logger,
        });
        const board = BoardService.create({
          store,
          catalog: catalogGateway,
          settings,
        });
        const metrics = MetricsService.create({
          store,
          catalog: catalogGateway,
        });
        const slaBreaches = SlaBreachService.create({ store, logger });
        const slos = SloService.create({
          store,
          catalog: catalogGateway,
          settings,
          logger,
          sources: settings.slo.sources.map(s => new PrometheusSliSource(s)),
        });

        // Webhooks that carry no Backstage token: their signature is checked
        // against valueStream.ingest.<source>.secret instead.
        httpRouter.addAuthPolicy({
          path: '/ingest/github',
          allow: 'unauthenticated',
        });
        httpRouter.addAuthPolicy({
          path: '/ingest/pagerduty',
          allow: 'unauthenticated',
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            userInfo,
            permissions,
            permissionsRegistry,
            auditor,
            catalog: catalogGateway,
            records,
            summaries,
            board,
            ingest: IngestService.create({
              store,
              catalog: catalogGateway,
              catalogService: catalog,
              settings,
              logger,
              stages,
            }),
            recordWriters: settings.recordWriters,
            standardChangeModels: new StandardChangeModelService({
              models: store.standardChangeModels,
              catalog: catalogGateway,
            }),
            insights: {
              impact,
              assets: AssetsService.create({
                catalog,
                gateway: catalogGateway,
              }),
              metrics,
              scorecards: ScorecardService.create({
                store,
                catalog: catalogGateway,
                summaries,
                metrics,
                settings,
              }),
              calendar: ChangeCalendarService.create({
                catalog: catalogGateway,
                settings,
              }),
              slos,
            },
          }),
        );

        registerValueStreamActions({
          actionsRegistry,
          auth,
          userInfo,
          permissions,
          permissionsRegistry,
          auditor,
          records,
          summaries,
          recordWriters: settings.recordWriters,
        });

        await scheduleValueStreamTasks({
          scheduler,
          schedule: settings.schedule,
          logger,
          stages,
          summaries,
          slaBreaches,
          slos,
          demoData: settings.demoDataEnabled
            ? DemoDataSeeder.create({
                store,
                catalog: catalogGateway,
                settings,
                logger,
              })
            : undefined,
        });
      },
    });
  },
});
