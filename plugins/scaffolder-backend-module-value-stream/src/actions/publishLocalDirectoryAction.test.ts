import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import git from 'isomorphic-git';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { createValueStreamPublishLocalDirectoryAction } from './publishLocalDirectoryAction';

const catalogInfo = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: gift-wrap-service
  # kept as written
  annotations:
    backstage.io/techdocs-ref: dir:.
spec:
  type: service
  lifecycle: experimental
  owner: group:default/checkout
`;

describe('valuestream:publish:local-directory', () => {
  const workspace = createMockDirectory();
  const publishRoot = createMockDirectory();
  const root = path.join(publishRoot.path, 'services');

  const action = () =>
    createValueStreamPublishLocalDirectoryAction({
      config: mockServices.rootConfig({
        data: {
          valueStream: { scaffolder: { localPublishDirectory: root } },
          scaffolder: {
            defaultAuthor: { name: 'Portal', email: 'portal@example.com' },
          },
        },
      }),
    });

  const context = (input: Record<string, unknown>, extra = {}) => ({
    ...createMockActionContext({
      input: { name: 'gift-wrap-service', ...input },
      workspacePath: workspace.path,
    }),
    ...extra,
  });

  beforeEach(() => {
    publishRoot.clear();
    workspace.setContent({
      'catalog-info.yaml': catalogInfo,
      'README.md': '# gift-wrap-service\n',
      'docs/index.md': '# Docs\n',
      '.git/HEAD': 'ref: refs/heads/other\n',
    });
  });

  it('copies the workspace into a new git repository and returns file: URLs', async () => {
    const ctx = context({});
    await action().handler(ctx);

    const target = path.join(root, 'gift-wrap-service');
    const repoContentsUrl = `${pathToFileURL(target).href}/`;
    expect(ctx.output).toHaveBeenCalledWith('repoContentsUrl', repoContentsUrl);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      `${repoContentsUrl}catalog-info.yaml`,
    );
    expect(ctx.output).toHaveBeenCalledWith('localPath', target);

    expect(fs.readFileSync(path.join(target, 'docs/index.md'), 'utf8')).toBe(
      '# Docs\n',
    );
    const log = await git.log({ fs, dir: target });
    expect(log).toHaveLength(1);
    expect(log[0].commit.message.trim()).toBe('Initial commit');
    expect(log[0].commit.author).toMatchObject({
      name: 'Portal',
      email: 'portal@example.com',
    });
    expect(ctx.output).toHaveBeenCalledWith('commitHash', log[0].oid);
    expect(await git.currentBranch({ fs, dir: target })).toBe('main');
    const files = await git.listFiles({ fs, dir: target });
    expect(files.sort()).toEqual([
      'README.md',
      'catalog-info.yaml',
      'docs/index.md',
    ]);
    // The workspace's own .git is not copied over the new repository.
    expect(fs.readFileSync(path.join(target, '.git/HEAD'), 'utf8')).toContain(
      'refs/heads/main',
    );

    const published = fs.readFileSync(
      path.join(target, 'catalog-info.yaml'),
      'utf8',
    );
    expect(published).toContain('# kept as written');
    expect(parse(published).metadata.annotations).toEqual({
      'backstage.io/techdocs-ref': 'dir:.',
      'backstage.io/source-location': `url:${repoContentsUrl}`,
    });
    // Committed after the annotation was added: the tree is clean.
    const status = await git.statusMatrix({ fs, dir: target });
    expect(
      status.every(
        ([, head, work, stage]) => head === 1 && work === 1 && stage === 1,
      ),
    ).toBe(true);
  });

  it('keeps a source location the template set, and honours the inputs', async () => {
    workspace.setContent({
      'service/catalog-info.yaml': catalogInfo.replace(
        'annotations:',
        'annotations:\n    backstage.io/source-location: url:https://github.com/acme/gift-wrap-service/',
      ),
    });
    await action().handler(
      context({
        name: 'gift-wrap',
        sourcePath: 'service',
        defaultBranch: 'trunk',
        gitCommitMessage: 'Create gift-wrap',
      }),
    );
    const target = path.join(root, 'gift-wrap');
    expect(await git.currentBranch({ fs, dir: target })).toBe('trunk');
    const [commit] = await git.log({ fs, dir: target });
    expect(commit.commit.message.trim()).toBe('Create gift-wrap');
    expect(
      parse(fs.readFileSync(path.join(target, 'catalog-info.yaml'), 'utf8'))
        .metadata.annotations['backstage.io/source-location'],
    ).toBe('url:https://github.com/acme/gift-wrap-service/');
  });

  it('does not touch catalog-info.yaml when setSourceLocation is false', async () => {
    await action().handler(context({ setSourceLocation: false }));
    expect(
      fs.readFileSync(
        path.join(root, 'gift-wrap-service/catalog-info.yaml'),
        'utf8',
      ),
    ).toBe(catalogInfo);
  });

  it('refuses to publish over an existing directory', async () => {
    await action().handler(context({}));
    await expect(action().handler(context({}))).rejects.toThrow(
      /gift-wrap-service already exists; choose another name/,
    );
    await expect(
      action().handler(context({}, { isDryRun: true })),
    ).rejects.toThrow(/already exists/);
  });

  it.each(['../escape', 'a/b', '.hidden', '', 'x'.repeat(101)])(
    'rejects the name %j',
    async name => {
      await expect(action().handler(context({ name }))).rejects.toThrow(
        /Invalid name/,
      );
      expect(fs.existsSync(root)).toBe(false);
    },
  );

  it('writes nothing in a dry run but returns the URLs it would', async () => {
    const ctx = context({}, { isDryRun: true });
    await action().handler(ctx);
    expect(fs.existsSync(root)).toBe(false);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      pathToFileURL(path.join(root, 'gift-wrap-service/catalog-info.yaml'))
        .href,
    );
    expect(ctx.output).not.toHaveBeenCalledWith(
      'commitHash',
      expect.anything(),
    );
  });

  it('removes a half-published directory when publishing fails', async () => {
    const ctx = context({ sourcePath: 'does-not-exist' });
    await expect(action().handler(ctx)).rejects.toThrow();
    expect(fs.existsSync(path.join(root, 'gift-wrap-service'))).toBe(false);
  });
});
