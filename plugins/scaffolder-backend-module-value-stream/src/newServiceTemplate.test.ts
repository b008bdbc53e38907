import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
// The end-to-end test runs the template against the real backend plugin;
// the module itself talks to it only over HTTP.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import valueStreamPlugin from '@valuestream/plugin-value-stream-backend';
import type {
  Board,
  ChangeRecord,
  EntitySummary,
  Page,
} from '@valuestream/plugin-value-stream-common';
import scaffolderModuleValueStream, {
  localPublishDirectoryUrlReader,
} from './index';

jest.setTimeout(180_000);

const templatePath = path.resolve(
  __dirname,
  '../../../examples/templates/new-service/template.yaml',
);

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
        // The real Value Stream backend, on the test backend's SQLite.
        valueStreamPlugin,
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

    // On the value stream at stage demand, with the change that proposes it
    // (state new) and the proposed service level, on behalf of the user who
    // ran the template.
    const summary: EntitySummary = await (
      await fetch(
        `${api}/value-stream/entities/component/default/gift-wrap-service/summary`,
      )
    ).json();
    expect(summary.stage).toBe('demand');
    expect(summary.openChanges).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/gift-wrap-service',
        title: 'Introduce gift-wrap-service',
        description: 'Wraps gifts: paper, ribbon and a card',
        type: 'normal',
        state: 'new',
        proposesService: true,
        requestedBy: 'user:default/mock',
      }),
    ]);
    expect(summary.serviceLevels).toEqual([
      expect.objectContaining({
        serviceLevel: expect.objectContaining({
          tier: 'silver',
          state: 'proposed',
          availabilityTarget: 99.9,
          targets: tiers.silver.targets,
        }),
      }),
    ]);
    // Demand leaves for design once change management takes the change up.
    expect(
      summary.checklist.find(item => item.id === 'proposing-change'),
    ).toMatchObject({ met: false });

    const board: Board = await (
      await fetch(`${api}/value-stream/board?owner=checkout`)
    ).json();
    expect(board.columns.flatMap(column => column.items)).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/gift-wrap-service',
        stage: 'demand',
        openChanges: 1,
      }),
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
    const dryRunChanges: Page<ChangeRecord> = await (
      await fetch(
        `${api}/value-stream/changes?entityRef=component:default/dry-run-service&limit=10`,
      )
    ).json();
    expect(dryRunChanges.items).toEqual([]);
    expect(fs.existsSync(path.join(publishDir.path, 'dry-run-service'))).toBe(
      false,
    );

    await backend.stop();
  });
});
