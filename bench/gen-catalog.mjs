// Generates a synthetic catalog of `services` components (with groups,
// systems and a dependency graph) as one YAML file for benchmarks.
import { writeFileSync } from 'node:fs';

/** Deterministic PRNG (mulberry32) so every run benchmarks the same data. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function serviceName(i) {
  return `svc-${String(i).padStart(5, '0')}`;
}

/** Writes the catalog and returns the entity refs of the services. */
export function writeCatalog(file, services) {
  const rand = prng(42);
  const groups = Math.max(1, Math.ceil(services / 40));
  const systems = Math.max(1, Math.ceil(services / 50));
  const docs = [];
  for (let g = 0; g < groups; g++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `team-${g}` },
      spec: { type: 'team', children: [] },
    });
  }
  for (let s = 0; s < systems; s++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: `system-${s}` },
      spec: { owner: `group:default/team-${s % groups}` },
    });
  }
  const refs = [];
  for (let i = 0; i < services; i++) {
    const deps = [];
    // Each service depends on up to three earlier ones: a DAG several levels deep.
    for (let d = 0; d < 3 && i > 0; d++) {
      if (rand() < 0.6)
        deps.push(`component:default/${serviceName(Math.floor(rand() * i))}`);
    }
    const roll = rand();
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: serviceName(i),
        annotations: {
          'github.com/project-slug': `bench-org/${serviceName(i)}`,
          'valuestream.io/service-level-tier': roll < 0.3 ? 'gold' : 'silver',
        },
      },
      spec: {
        type: 'service',
        lifecycle: roll < 0.7 ? 'production' : 'experimental',
        owner: `group:default/team-${i % groups}`,
        system: `system-${i % systems}`,
        dependsOn: [...new Set(deps)],
      },
    });
    refs.push(`component:default/${serviceName(i)}`);
  }
  writeFileSync(file, docs.map(d => JSON.stringify(d)).join('\n---\n'));
  return refs;
}
