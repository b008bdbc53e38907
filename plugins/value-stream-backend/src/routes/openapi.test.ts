import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { BoardService } from '../domain/BoardService';
import type { CatalogGateway } from '../domain/CatalogGateway';
import type { RecordService } from '../domain/RecordService';
import type { SummaryService } from '../domain/SummaryService';
import { VALUE_STREAM_ROUTES } from '@valuestream/plugin-value-stream-common';
import { generatedSpec } from './openapi/specFiles';
import { createRouter, RouterOptions } from './router';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

interface Operation {
  operationId?: string;
  responses: Record<string, unknown>;
}

interface Spec {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

async function readSpec(): Promise<Spec> {
  return parse(
    await readFile(
      resolvePackagePath(
        '@valuestream/plugin-value-stream-backend',
        'openapi.yaml',
      ),
      'utf8',
    ),
  );
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** `METHOD /path/{param}` for every route registered on an express router. */
function routesOf(stack: Layer[]): string[] {
  const routes: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
      for (const method of Object.keys(layer.route.methods)) {
        if (METHODS.includes(method)) {
          routes.push(`${method.toUpperCase()} ${path}`);
        }
      }
    } else if (layer.handle?.stack) {
      routes.push(...routesOf(layer.handle.stack));
    }
  }
  return routes;
}

async function registeredRoutes(): Promise<string[]> {
  const router = await createRouter({
    httpAuth: mockServices.httpAuth(),
    userInfo: mockServices.userInfo(),
    permissions: mockServices.permissions.mock(),
    permissionsRegistry: mockServices.permissionsRegistry.mock(),
    auditor: mockServices.auditor.mock(),
    catalog: {} as CatalogGateway,
    records: {} as RecordService,
    summaries: {} as SummaryService,
    board: {} as BoardService,
    ingest: {} as RouterOptions['ingest'],
    insights: {} as RouterOptions['insights'],
    standardChangeModels: {} as RouterOptions['standardChangeModels'],
  });
  return routesOf((router as unknown as { stack: Layer[] }).stack);
}

describe('openapi.yaml', () => {
  it('documents every route of the router and nothing else', async () => {
    const spec = await readSpec();
    expect(spec.openapi).toMatch(/^3\.0\./);

    const documented: string[] = [];
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const method of Object.keys(operations)) {
        if (METHODS.includes(method)) {
          documented.push(`${method.toUpperCase()} ${path}`);
        }
      }
    }

    const registered = await registeredRoutes();

    expect(registered.length).toBeGreaterThan(20);
    expect([...registered].sort()).toEqual([...new Set(documented)].sort());
  });

  it('gives every operation an id and the error responses it can return', async () => {
    const spec = await readSpec();
    const ids = new Set<string>();
    for (const operations of Object.values(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const id = operation.operationId ?? '';
        expect(id).toBeTruthy();
        expect(ids.has(id)).toBe(false);
        ids.add(id);
        const needed = method === 'get' ? ['401'] : ['400', '401', '403'];
        expect(Object.keys(operation.responses)).toEqual(
          expect.arrayContaining(needed),
        );
      }
    }
  });

  it('matches the route table of -common, operation by operation', async () => {
    const spec = await readSpec();
    const table = VALUE_STREAM_ROUTES.map(
      r => `${r.method} ${r.path} ${r.operationId} ${r.status}`,
    );
    const documented: string[] = [];
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (METHODS.includes(method)) {
          const ok = Object.keys(operation.responses).find(c => /^2/.test(c));
          documented.push(
            `${method.toUpperCase()} ${path} ${operation.operationId} ${ok}`,
          );
        }
      }
    }
    expect([...table].sort()).toEqual([...documented].sort());
    expect(
      VALUE_STREAM_ROUTES.map(r => `${r.method} ${r.path}`).sort(),
    ).toEqual((await registeredRoutes()).sort());
  });

  it('is what `yarn generate:openapi` makes of the route table, the schemas and openapi/docs.yaml', async () => {
    expect(await readSpec()).toEqual(await generatedSpec());
  });
});
