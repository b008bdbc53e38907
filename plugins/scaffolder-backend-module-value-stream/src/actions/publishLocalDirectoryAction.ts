import {
  resolveSafeChildPath,
  type RootConfigService,
} from '@backstage/backend-plugin-api';
import { ANNOTATION_SOURCE_LOCATION } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import {
  createTemplateAction,
  getRepoSourceDirectory,
} from '@backstage/plugin-scaffolder-node';
import git from 'isomorphic-git';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMap, parseAllDocuments } from 'yaml';
import {
  LOCAL_PUBLISH_DIRECTORY_KEY,
  readLocalPublishDirectory,
} from '../localPublishDirectory';

/** The id the action is registered under. */
const PUBLISH_LOCAL_DIRECTORY_ACTION_ID = 'valuestream:publish:local-directory';

const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/i;
const CATALOG_INFO = 'catalog-info.yaml';

/**
 * Adds `backstage.io/source-location: url:<repoContentsUrl>` to every entity
 * of the published catalog-info.yaml that does not declare one, as an SCM
 * publisher's location would give it. Returns whether the file changed.
 */
async function addSourceLocation(file: string, location: string) {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch {
    return false;
  }
  const docs = parseAllDocuments(text);
  let changed = false;
  for (const doc of docs) {
    if (doc.errors.length || !isMap(doc.contents)) {
      continue;
    }
    const path_ = ['metadata', 'annotations', ANNOTATION_SOURCE_LOCATION];
    if (doc.hasIn(['metadata']) && !doc.getIn(path_)) {
      doc.setIn(path_, location);
      changed = true;
    }
  }
  if (changed) {
    await fs.promises.writeFile(
      file,
      docs.map(doc => doc.toString()).join(''),
      'utf8',
    );
  }
  return changed;
}

/**
 * Creates the `valuestream:publish:local-directory` action: a publisher that
 * needs no network. It copies the workspace into
 * `<valueStream.scaffolder.localPublishDirectory>/<name>`, makes it a git
 * repository with one commit, and returns `file:` URLs for `catalog:register`
 * (read through this package's `file:` URL reader).
 *
 * @public
 */
export function createValueStreamPublishLocalDirectoryAction(options: {
  config: RootConfigService;
}) {
  const { config } = options;

  return createTemplateAction({
    id: PUBLISH_LOCAL_DIRECTORY_ACTION_ID,
    description:
      'Publishes the workspace to a git repository in a local directory of the backend host ' +
      `(${LOCAL_PUBLISH_DIRECTORY_KEY}), for portals without a git server. ` +
      'Outputs file: URLs that catalog:register can use when the file: URL reader of ' +
      '@valuestream/plugin-scaffolder-backend-module-value-stream is installed.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Publish the new service and register it',
        example: [
          'steps:',
          '  - id: publish',
          '    action: valuestream:publish:local-directory',
          '    input:',
          '      name: ${{ parameters.name }}',
          '  - id: register',
          '    action: catalog:register',
          '    input:',
          "      catalogInfoUrl: ${{ steps['publish'].output.catalogInfoUrl }}",
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        name: z =>
          z
            .string()
            .regex(NAME_PATTERN)
            .describe(
              'Name of the repository directory: letters, digits, . _ - (usually the component name)',
            ),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Subdirectory of the workspace to publish. Default: all of it',
            ),
        defaultBranch: z =>
          z.string().optional().describe('Branch of the commit. Default main'),
        gitCommitMessage: z =>
          z
            .string()
            .optional()
            .describe('Message of the initial commit. Default: Initial commit'),
        setSourceLocation: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Add backstage.io/source-location (url:<repoContentsUrl>) to catalog-info.yaml ' +
                'entities that have none. Default true',
            ),
      },
      output: {
        repoContentsUrl: z =>
          z
            .string()
            .describe('file: URL of the repository directory, ending in /'),
        catalogInfoUrl: z =>
          z
            .string()
            .describe('file: URL of catalog-info.yaml, for catalog:register'),
        localPath: z => z.string().describe('Path of the repository directory'),
        commitHash: z =>
          z
            .string()
            .optional()
            .describe('The initial commit (absent in a dry run)'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      if (!NAME_PATTERN.test(input.name) || input.name.includes('..')) {
        throw new InputError(
          `Invalid name "${input.name}": use letters, digits, . _ and - only`,
        );
      }
      const root = readLocalPublishDirectory(config);
      const target = resolveSafeChildPath(root, input.name);
      const source = getRepoSourceDirectory(
        ctx.workspacePath,
        input.sourcePath,
      );
      const repoContentsUrl = `${pathToFileURL(target).href}/`;
      const catalogInfoUrl = pathToFileURL(
        path.join(target, CATALOG_INFO),
      ).href;

      const outputs = () => {
        ctx.output('repoContentsUrl', repoContentsUrl);
        ctx.output('catalogInfoUrl', catalogInfoUrl);
        ctx.output('localPath', target);
      };

      if (ctx.isDryRun) {
        if (fs.existsSync(target)) {
          throw new ConflictError(
            `${target} already exists; choose another name or remove the directory`,
          );
        }
        ctx.logger.info(`Dry run: would publish ${source} to ${target}`);
        outputs();
        return;
      }

      const commitHash = await ctx.checkpoint({
        key: `valuestream.publish.local-directory.${input.name}`,
        fn: async () => {
          await fs.promises.mkdir(root, { recursive: true });
          try {
            // Not recursive: fails if the directory exists, also in a race.
            await fs.promises.mkdir(target);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
              throw new ConflictError(
                `${target} already exists; choose another name or remove the directory`,
              );
            }
            throw error;
          }
          try {
            await fs.promises.cp(source, target, {
              recursive: true,
              filter: src => path.basename(src) !== '.git',
            });
            if (input.setSourceLocation ?? true) {
              await addSourceLocation(
                path.join(target, CATALOG_INFO),
                `url:${repoContentsUrl}`,
              );
            }
            const author = {
              name:
                config.getOptionalString('scaffolder.defaultAuthor.name') ??
                'Scaffolder',
              email:
                config.getOptionalString('scaffolder.defaultAuthor.email') ??
                'scaffolder@backstage.io',
            };
            await git.init({
              fs,
              dir: target,
              defaultBranch: input.defaultBranch ?? 'main',
            });
            await git.add({ fs, dir: target, filepath: '.' });
            return await git.commit({
              fs,
              dir: target,
              message:
                input.gitCommitMessage ??
                config.getOptionalString('scaffolder.defaultCommitMessage') ??
                'Initial commit',
              author,
            });
          } catch (error) {
            // Leave no half-published repository behind.
            await fs.promises.rm(target, { recursive: true, force: true });
            throw error;
          }
        },
      });

      ctx.logger.info(
        `Published ${source} to ${target} (commit ${commitHash})`,
      );
      outputs();
      ctx.output('commitHash', commitHash);
    },
  });
}
