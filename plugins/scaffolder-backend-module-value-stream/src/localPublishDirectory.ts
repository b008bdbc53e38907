import type { Config } from '@backstage/config';
import os from 'node:os';
import path from 'node:path';

/** Config key of the directory that local publishing writes into. */
export const LOCAL_PUBLISH_DIRECTORY_KEY =
  'valueStream.scaffolder.localPublishDirectory';

/**
 * The absolute directory that `valuestream:publish:local-directory` writes
 * new services into, and the only one the `file:` URL reader reads from.
 * A relative path in config is taken from the backend's working directory.
 */
export function readLocalPublishDirectory(config: Config): string {
  const configured = config.getOptionalString(LOCAL_PUBLISH_DIRECTORY_KEY);
  return path.resolve(
    configured ?? path.join(os.tmpdir(), 'value-stream-services'),
  );
}
