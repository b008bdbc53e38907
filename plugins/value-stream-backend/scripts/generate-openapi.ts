/*
 * Writes openapi.yaml from the route table and request schemas of -common
 * and openapi/docs.yaml. Run through `yarn generate:openapi`.
 */
import { writeFile } from 'node:fs/promises';
import { generatedSpecText, SPEC_PATH } from '../src/routes/openapi/specFiles';

generatedSpecText()
  .then(text => writeFile(SPEC_PATH, text))
  .catch(error => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exitCode = 1;
  });
