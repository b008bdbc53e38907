import {
  createServiceFactory,
  isChildPath,
  type UrlReaderService,
  type UrlReaderServiceReadTreeOptions,
  type UrlReaderServiceReadTreeResponse,
  type UrlReaderServiceReadUrlOptions,
  type UrlReaderServiceReadUrlResponse,
  type UrlReaderServiceSearchOptions,
  type UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  ReadUrlResponseFactory,
  urlReaderFactoriesServiceRef,
  type ReaderFactory,
  type ReadTreeResponseFactory,
} from '@backstage/backend-defaults/urlReader';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  NotModifiedError,
} from '@backstage/errors';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { readLocalPublishDirectory } from '../localPublishDirectory';

function isNotFound(error: unknown) {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function etagOf(entries: Array<[string, fs.Stats]>) {
  const hash = createHash('sha256');
  for (const [name, stat] of entries) {
    hash.update(`${name}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 40);
}

/**
 * Reads `file:` URLs below one directory, the one that
 * `valuestream:publish:local-directory` publishes into. It lets
 * `catalog:register` (which always registers a `url` location) and TechDocs
 * read services published on the backend host, with no git server.
 * Anything outside that directory, also through a symbolic link, is refused.
 *
 * @public
 */
export class LocalDirectoryUrlReader implements UrlReaderService {
  readonly #root: string;
  readonly #treeResponseFactory: ReadTreeResponseFactory;

  /** Reader factory for `urlReaderFactoriesServiceRef`. */
  static factory: ReaderFactory = ({ config, treeResponseFactory }) => {
    const root = readLocalPublishDirectory(config);
    const reader = new LocalDirectoryUrlReader(root, treeResponseFactory);
    return [
      {
        reader,
        predicate: (url: URL) =>
          url.protocol === 'file:' &&
          !url.host &&
          isChildPath(root, fileURLToPath(url)),
      },
    ];
  };

  constructor(root: string, treeResponseFactory: ReadTreeResponseFactory) {
    this.#root = path.resolve(root);
    this.#treeResponseFactory = treeResponseFactory;
  }

  /** The real path of a URL's target, checked to lie below the root. */
  async #resolve(url: string): Promise<string> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new InputError(`Invalid URL ${url}`);
    }
    if (parsed.protocol !== 'file:' || parsed.host) {
      throw new InputError(`Not a local file: URL: ${url}`);
    }
    try {
      const [root, target] = await Promise.all([
        fs.promises.realpath(this.#root),
        fs.promises.realpath(fileURLToPath(parsed)),
      ]);
      if (!isChildPath(root, target)) {
        throw new NotAllowedError(
          `Reading ${url} is not allowed: it is outside ${this.#root}`,
        );
      }
      return target;
    } catch (error) {
      if (isNotFound(error)) {
        throw new NotFoundError(`${url} does not exist`);
      }
      throw error;
    }
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const file = await this.#resolve(url);
    const stat = await fs.promises.stat(file);
    if (!stat.isFile()) {
      throw new NotFoundError(`${url} is not a file`);
    }
    const etag = etagOf([['', stat]]);
    if (options?.etag === etag) {
      throw new NotModifiedError();
    }
    if (options?.lastModifiedAfter && stat.mtime <= options.lastModifiedAfter) {
      throw new NotModifiedError();
    }
    return ReadUrlResponseFactory.fromReadable(fs.createReadStream(file), {
      etag,
      lastModifiedAt: stat.mtime,
    });
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const dir = await this.#resolve(url);
    const files: Array<[string, fs.Stats]> = [];
    const walk = async (relative: string) => {
      const entries = await fs.promises.readdir(path.join(dir, relative), {
        withFileTypes: true,
      });
      for (const entry of entries) {
        const rel = path.posix.join(relative, entry.name);
        if (entry.name === '.git') {
          continue;
        }
        if (entry.isDirectory()) {
          await walk(rel);
        } else if (entry.isFile()) {
          const stat = await fs.promises.stat(path.join(dir, rel));
          if (!options?.filter || options.filter(rel, { size: stat.size })) {
            files.push([rel, stat]);
          }
        }
      }
    };
    await walk('');
    files.sort(([a], [b]) => a.localeCompare(b));

    const etag = etagOf(files);
    if (options?.etag === etag) {
      throw new NotModifiedError();
    }
    const response = await this.#treeResponseFactory.fromReadableArray(
      files.map(([rel, stat]) => ({
        path: rel,
        // Opened only when read, so an unread response holds no descriptors.
        data: Readable.from(
          (async function* read() {
            yield await fs.promises.readFile(path.join(dir, rel));
          })(),
        ),
        lastModifiedAt: stat.mtime,
      })),
    );
    return {
      files: () => response.files(),
      archive: () => response.archive(),
      dir: options_ => response.dir(options_),
      etag,
    };
  }

  async search(
    url: string,
    options?: UrlReaderServiceSearchOptions,
  ): Promise<UrlReaderServiceSearchResponse> {
    if (/[*?[\]{}]/.test(decodeURIComponent(new URL(url).pathname))) {
      throw new InputError(
        `Glob patterns are not supported for local file: URLs: ${url}`,
      );
    }
    let file: string;
    let stat: fs.Stats;
    try {
      file = await this.#resolve(url);
      stat = await fs.promises.stat(file);
    } catch (error) {
      if (NotFoundError.is(error)) {
        return { files: [], etag: '' };
      }
      throw error;
    }
    const etag = etagOf([['', stat]]);
    if (options?.etag === etag) {
      throw new NotModifiedError();
    }
    return {
      etag,
      files: stat.isFile()
        ? [
            {
              url,
              content: () => fs.promises.readFile(file),
              lastModifiedAt: stat.mtime,
            },
          ]
        : [],
    };
  }

  toString() {
    return `local-directory{root=${this.#root}}`;
  }
}

/**
 * Adds the `file:` URL reader for the local publish directory
 * (`valueStream.scaffolder.localPublishDirectory`) to every plugin's URL
 * reader. Install it together with `valuestream:publish:local-directory` on a
 * portal without a git server:
 *
 * ```ts
 * backend.add(localPublishDirectoryUrlReader);
 * ```
 *
 * @public
 */
export const localPublishDirectoryUrlReader = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return LocalDirectoryUrlReader.factory;
  },
});
