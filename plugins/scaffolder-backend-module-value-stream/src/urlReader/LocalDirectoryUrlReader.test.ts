import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalDirectoryUrlReader } from './LocalDirectoryUrlReader';

describe('LocalDirectoryUrlReader', () => {
  const dir = createMockDirectory();
  const root = path.join(dir.path, 'services');
  const url = (p: string) => pathToFileURL(path.join(dir.path, p)).href;

  // The reader as the backend builds it: through the URL reader factories.
  const reader = () =>
    UrlReaders.default({
      config: mockServices.rootConfig({
        data: { valueStream: { scaffolder: { localPublishDirectory: root } } },
      }),
      logger: mockServices.logger.mock(),
      factories: [LocalDirectoryUrlReader.factory],
    });

  beforeEach(() => {
    dir.setContent({
      'services/gift-wrap/catalog-info.yaml': 'kind: Component\n',
      'services/gift-wrap/docs/index.md': '# Docs\n',
      'services/gift-wrap/.git/HEAD': 'ref: refs/heads/main\n',
      'secret.txt': 'outside',
    });
  });

  it('reads a file below the publish directory, with an etag', async () => {
    const response = await reader().readUrl(
      url('services/gift-wrap/catalog-info.yaml'),
    );
    expect((await response.buffer()).toString()).toBe('kind: Component\n');
    expect(response.etag).toEqual(expect.any(String));
    await expect(
      reader().readUrl(url('services/gift-wrap/catalog-info.yaml'), {
        etag: response.etag,
      }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
  });

  it('refuses files outside the publish directory', async () => {
    await expect(reader().readUrl(url('secret.txt'))).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    await expect(
      reader().readUrl(`${pathToFileURL(root).href}/../secret.txt`),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('refuses a symbolic link that leads outside', async () => {
    fs.symlinkSync(
      path.join(dir.path, 'secret.txt'),
      path.join(root, 'gift-wrap/link.txt'),
    );
    await expect(
      reader().readUrl(url('services/gift-wrap/link.txt')),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    // Also when asked directly, past the URL reader's own predicate.
    const direct = new LocalDirectoryUrlReader(root, {} as never);
    await expect(
      direct.readUrl(url('services/gift-wrap/link.txt')),
    ).rejects.toThrow(/is not allowed: it is outside/);
  });

  it('reports a missing file as not found', async () => {
    await expect(
      reader().readUrl(url('services/gift-wrap/nope.yaml')),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    const search = await reader().search(url('services/gift-wrap/nope.yaml'));
    expect(search.files).toEqual([]);
  });

  it('finds one file by search, as the catalog reads locations', async () => {
    const target = url('services/gift-wrap/catalog-info.yaml');
    const result = await reader().search(target);
    expect(result.files.map(f => f.url)).toEqual([target]);
    expect((await result.files[0].content()).toString()).toBe(
      'kind: Component\n',
    );
    await expect(
      reader().search(url('services/*/catalog-info.yaml')),
    ).rejects.toThrow(/Glob patterns are not supported/);
  });

  it('reads a tree without the .git directory, as TechDocs does', async () => {
    const tree = await reader().readTree(`${url('services/gift-wrap')}/`);
    const files = await tree.files();
    expect(files.map(f => f.path).sort()).toEqual([
      'catalog-info.yaml',
      'docs/index.md',
    ]);
    await expect(
      reader().readTree(`${url('services/gift-wrap')}/`, { etag: tree.etag }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });

    const filtered = await reader().readTree(`${url('services/gift-wrap')}/`, {
      filter: p => p.startsWith('docs/'),
    });
    expect((await filtered.files()).map(f => f.path)).toEqual([
      'docs/index.md',
    ]);
  });
});
