import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import { validateValueStreamAnnotations } from '@valuestream/plugin-value-stream-common';

// The repository's demo CMDB must load with this module installed: an
// annotation problem would keep the entity out of the catalog.
describe('the demo catalog', () => {
  const root = path.resolve(__dirname, '../../..');
  const files = [
    'catalog-info.yaml',
    ...fs
      .readdirSync(path.join(root, 'examples'))
      .filter(f => f.endsWith('.yaml'))
      .map(f => `examples/${f}`),
  ];

  it.each(files)('%s has valid valuestream.io annotations', file => {
    const problems = parseAllDocuments(
      fs.readFileSync(path.join(root, file), 'utf8'),
    )
      .map(doc => doc.toJS() as Entity | null)
      .filter((entity): entity is Entity => !!entity?.metadata)
      .flatMap(entity =>
        validateValueStreamAnnotations(entity, {
          serviceLevelTiers: ['gold', 'silver', 'bronze'],
        }).map(p => p.message),
      );
    expect(problems).toEqual([]);
  });
});
