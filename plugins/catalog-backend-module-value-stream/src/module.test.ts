import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { AlphaEntity } from '@backstage/catalog-model/alpha';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleValueStream from './index';

jest.setTimeout(60_000);

const resource = (name: string, annotations: Record<string, string>) => `---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: ${name}
  annotations:
${Object.entries(annotations)
  .map(([k, v]) => `    ${k}: '${v}'`)
  .join('\n')}
spec:
  type: license
  owner: group:default/platform
`;

const licence = {
  'valuestream.io/asset-type': 'license',
  'valuestream.io/asset-cost': '18000 USD/year',
  'valuestream.io/asset-vendor': 'Elastic N.V.',
  'valuestream.io/asset-expires': '2027-01-15',
  'valuestream.io/asset-seats': '250',
};

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
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
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

describe('catalogModuleValueStream', () => {
  const dir = createMockDirectory();

  it('turns a bad annotation into a processing error on the entity, keeping its last good version', async () => {
    const file = dir.resolve('assets.yaml');
    dir.setContent({
      'assets.yaml':
        resource('search-licence', licence) +
        resource('broken-licence', {
          ...licence,
          'valuestream.io/asset-cost': '18000 dollars',
        }),
    });

    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleValueStream,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Resource', 'Location'] }],
              locations: [{ type: 'file', target: file }],
              processingInterval: { seconds: 1 },
            },
          },
        }),
      ],
    });
    const baseUrl = `http://localhost:${backend.server.port()}/api/catalog`;
    const getEntity = async (name: string) => {
      const res = await fetch(
        `${baseUrl}/entities/by-name/resource/default/${name}`,
      );
      return res.ok ? ((await res.json()) as AlphaEntity) : undefined;
    };

    // The good Resource is accepted.
    const accepted = await waitFor('search-licence', () =>
      getEntity('search-licence'),
    );
    expect(accepted.metadata.annotations).toMatchObject(licence);
    expect(accepted.status?.items ?? []).toEqual([]);

    // It gets a bad expiry date and is refreshed.
    dir.setContent({
      'assets.yaml': resource('search-licence', {
        ...licence,
        'valuestream.io/asset-expires': '2026-13-01',
      }),
    });
    const refresh = await fetch(`${baseUrl}/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ entityRef: 'resource:default/search-licence' }),
    });
    expect(refresh.status).toBe(200);

    const failed = await waitFor('the processing error', async () => {
      const entity = await getEntity('search-licence');
      return entity?.status?.items?.length ? entity : undefined;
    });
    expect(failed.status?.items).toEqual([
      expect.objectContaining({
        type: 'backstage.io/catalog-processing',
        level: 'error',
        message:
          'InputError: resource:default/search-licence: annotation valuestream.io/asset-expires "2026-13-01" is not a valid date (YYYY-MM-DD)',
      }),
    ]);
    // The catalog still serves the last good version.
    expect(failed.metadata.annotations?.['valuestream.io/asset-expires']).toBe(
      '2027-01-15',
    );

    // A Resource that never was valid never enters the catalog.
    expect(await getEntity('broken-licence')).toBeUndefined();

    // The catalog's validation endpoint gives the same error.
    const validation = await fetch(`${baseUrl}/validate-entity`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        location: 'url:https://example.com/catalog-info.yaml',
        entity: {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: {
            name: 'broken-licence',
            annotations: {
              ...licence,
              'valuestream.io/asset-cost': '18000 dollars',
            },
          },
          spec: { type: 'license', owner: 'group:default/platform' },
        },
      }),
    });
    expect(validation.status).toBe(400);
    expect(await validation.json()).toEqual({
      errors: [
        expect.objectContaining({
          name: 'InputError',
          message:
            'resource:default/broken-licence: annotation valuestream.io/asset-cost "18000 dollars" is not a cost such as "1200 USD/year" (<amount> <ISO 4217 currency>/<month|year|one-off>)',
        }),
      ],
    });

    await backend.stop();
  });
});
