import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import express from 'express';
import Router from 'express-promise-router';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import scaffolderModuleValueStream, {
  localPublishDirectoryUrlReader,
} from './index';

jest.setTimeout(180_000);

const templatePath = path.resolve(
  __dirname,
  '../../../examples/templates/new-service/template.yaml',
);

interface Received {
  method: string;
  path: string;
  user: string;
  body: Record<string, unknown>;
}

/**
 * Stands in for the Value Stream backend: answers like its API, and like it
 * refuses records for entities the catalog does not hold yet.
 */
function fakeValueStreamPlugin(received: Received[]) {
  return createBackendPlugin({
    pluginId: 'value-stream',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          auth: coreServices.auth,
          catalog: catalogServiceRef,
        },
        async init({ httpRouter, httpAuth, auth, catalog }) {
          const router = Router();
          router.use(express.json());
          const record = async (req: express.Request) => {
            const credentials = await httpAuth.credentials(req, {
              allow: ['user'],
            });
            if (req.body.entityRef) {
              const entity = await catalog.getEntityByRef(req.body.entityRef, {
                credentials: await auth.getOwnServiceCredentials(),
              });
              if (!entity) {
                throw new NotFoundError(
                  `No catalog entity ${req.body.entityRef}`,
                );
              }
            }
            received.push({
              method: req.method,
              path: req.path,
              user: credentials.principal.userEntityRef,
              body: req.body,
            });
          };
          router.post('/changes', async (req, res) => {
            await record(req);
            res.status(201).json({ id: 'chg-1', state: 'new', version: 1 });
          });
          router.get('/service-levels', async (req, res) => {
            await httpAuth.credentials(req, { allow: ['user'] });
            res.json({ items: [] });
          });
          router.post('/service-levels', async (req, res) => {
            await record(req);
            res.status(201).json({ id: 'sl-1', state: 'draft', version: 1 });
          });
          router.post('/service-levels/:id/transitions', async (req, res) => {
            await record(req);
            res.json({ id: req.params.id, state: 'proposed', version: 2 });
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

describe('the new-service template', () => {
  const publishDir = createMockDirectory();

  it('is a v1beta3 template that uses the Value Stream actions', () => {
    const template = parse(fs.readFileSync(templatePath, 'utf8'));
    expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
    expect(
      template.spec.steps.map((s: { action: string }) => s.action),
    ).toEqual([
      'fetch:template',
      'valuestream:publish:local-directory',
      'catalog:register',
      'valuestream:change:create',
      'valuestream:service-level:propose',
    ]);
  });

  it('creates, publishes and registers a service and starts it on the value stream, offline', async () => {
    const received: Received[] = [];
    const tiers = {
      silver: {
        name: 'Silver',
        availabilityTarget: 99.9,
        targets: {
          P1: { responseMinutes: 30, resolutionMinutes: 480 },
          P2: { responseMinutes: 60, resolutionMinutes: 960 },
          P3: { responseMinutes: 480, resolutionMinutes: 4320 },
          P4: { responseMinutes: 960, resolutionMinutes: 10080 },
        },
      },
    };
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        scaffolderPlugin,
        scaffolderModuleValueStream,
        localPublishDirectoryUrlReader,
        fakeValueStreamPlugin(received),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'Group',
                    'Resource',
                    'Location',
                    'Template',
                  ],
                },
              ],
              locations: [{ type: 'file', target: templatePath }],
              processingInterval: { seconds: 1 },
            },
            valueStream: {
              serviceLevelTiers: tiers,
              scaffolder: { localPublishDirectory: publishDir.path },
            },
          },
        }),
      ],
    });
    const api = `http://localhost:${backend.server.port()}/api`;
    const json = { 'Content-Type': 'application/json' };

    await waitFor('the template in the catalog', async () => {
      const res = await fetch(
        `${api}/catalog/entities/by-name/template/default/new-service`,
      );
      return res.ok ? true : undefined;
    });

    const created = await fetch(`${api}/scaffolder/v2/tasks`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        templateRef: 'template:default/new-service',
        values: {
          name: 'gift-wrap-service',
          description: 'Wraps gifts: paper, ribbon and a card',
          owner: 'group:default/checkout',
          system: 'system:default/checkout',
          tier: 'silver',
          dependencies: ['component:default/cart-service'],
        },
      }),
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();

    const task = await waitFor('the task to finish', async () => {
      const res = await fetch(`${api}/scaffolder/v2/tasks/${id}`);
      const body = await res.json();
      return ['completed', 'failed', 'cancelled'].includes(body.status)
        ? body
        : undefined;
    });
    if (task.status !== 'completed') {
      const events = await (
        await fetch(`${api}/scaffolder/v2/tasks/${id}/events`)
      ).json();
      throw new Error(
        `Task ${task.status}:\n${events
          .map((e: { body: { message?: string } }) => e.body.message)
          .join('\n')}`,
      );
    }

    // Published as a git repository with the rendered skeleton.
    const repo = path.join(publishDir.path, 'gift-wrap-service');
    expect(fs.existsSync(path.join(repo, '.git'))).toBe(true);
    expect(fs.readdirSync(repo).sort()).toEqual([
      '.git',
      'README.md',
      'catalog-info.yaml',
      'docs',
      'mkdocs.yml',
    ]);
    expect(fs.readFileSync(path.join(repo, 'README.md'), 'utf8')).toContain(
      '# gift-wrap-service\n\nWraps gifts: paper, ribbon and a card',
    );

    // Registered in the catalog from the file: URL.
    const entity: Entity = await (
      await fetch(
        `${api}/catalog/entities/by-name/component/default/gift-wrap-service`,
      )
    ).json();
    expect(entity.spec).toEqual({
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/checkout',
      system: 'system:default/checkout',
      dependsOn: ['component:default/cart-service'],
    });
    expect(entity.metadata.description).toBe(
      'Wraps gifts: paper, ribbon and a card',
    );
    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/techdocs-ref': 'dir:.',
      'backstage.io/source-location': `url:file://${repo}/`,
      'valuestream.io/service-level-tier': 'silver',
    });

    // The change and the service level, on behalf of the user who ran it.
    expect(received).toEqual([
      {
        method: 'POST',
        path: '/changes',
        user: 'user:default/mock',
        body: {
          entityRef: 'component:default/gift-wrap-service',
          title: 'Introduce gift-wrap-service',
          description: 'Wraps gifts: paper, ribbon and a card',
          type: 'normal',
          proposesService: true,
        },
      },
      {
        method: 'POST',
        path: '/service-levels',
        user: 'user:default/mock',
        body: {
          entityRef: 'component:default/gift-wrap-service',
          name: 'Silver',
          tier: 'silver',
          availabilityTarget: 99.9,
          targets: tiers.silver.targets,
          slos: [],
        },
      },
      {
        method: 'POST',
        path: '/service-levels/sl-1/transitions',
        user: 'user:default/mock',
        body: {
          to: 'proposed',
          version: 1,
          note: 'Proposed from tier silver by the software template',
        },
      },
    ]);

    // The template editor's dry run: every step runs or is skipped, and
    // nothing is written or sent.
    const templateDir = path.dirname(templatePath);
    const directoryContents = [
      'template.yaml',
      'skeleton/catalog-info.yaml',
      'skeleton/README.md',
      'skeleton/mkdocs.yml',
      'skeleton/docs/index.md',
    ].map(p => ({
      path: p,
      base64Content: fs
        .readFileSync(path.join(templateDir, p))
        .toString('base64'),
    }));
    received.length = 0;
    const dryRun = await fetch(`${api}/scaffolder/v2/dry-run`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        template: parse(fs.readFileSync(templatePath, 'utf8')),
        values: {
          name: 'dry-run-service',
          description: 'Only a try',
          owner: 'group:default/checkout',
          system: 'system:default/checkout',
          tier: 'silver',
        },
        directoryContents,
      }),
    });
    const dryRunBody = await dryRun.json();
    expect(dryRun.status).toBe(200);
    const messages: string[] = dryRunBody.log.map(
      (l: { body: { message: string } }) => l.body.message,
    );
    expect(messages.join('\n')).not.toMatch(/error|failed/i);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Dry run: would publish .* to .*dry-run-service/),
        expect.stringMatching(
          /Dry run: would open a normal change "Introduce dry-run-service" for component:default\/dry-run-service/,
        ),
        expect.stringMatching(/Dry run: would propose "Silver" \(99.9 %\)/),
      ]),
    );
    expect(
      dryRunBody.directoryContents.map((f: { path: string }) => f.path).sort(),
    ).toEqual([
      'README.md',
      'catalog-info.yaml',
      'docs/index.md',
      'mkdocs.yml',
    ]);
    expect(received).toEqual([]);
    expect(fs.existsSync(path.join(publishDir.path, 'dry-run-service'))).toBe(
      false,
    );

    await backend.stop();
  });
});
