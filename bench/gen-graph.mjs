// Generates a synthetic CMDB for the impact benchmark: about `total` catalog
// entities that form a realistic relation graph. Components sit in layers and
// depend on earlier layers (a few platform components become hubs with many
// dependents), resources rest on a few shared clusters, APIs are provided by
// lower layers and consumed by higher ones, and systems and domains group
// everything (partOf/hasPart). Alongside the YAML it returns the relations
// the catalog will derive, so the benchmark can check the catalog's answers.
import { writeFileSync } from 'node:fs';
import { prng } from './gen-catalog.mjs';

const LAYERS = 8;
const pad = (i, n = 5) => String(i).padStart(n, '0');

/** Relations the impact walk follows, by the spec field that makes them. */
const PAIRS = {
  dependsOn: 'dependencyOf',
  partOf: 'hasPart',
  providesApi: 'apiProvidedBy',
  consumesApi: 'apiConsumedBy',
};

/**
 * @param {string} file   where to write the catalog (YAML documents)
 * @param {number} total  about how many entities to generate
 * @param {string} user   name of a User entity, member of `team-0`
 */
export function writeGraphCatalog(file, total, user) {
  const rand = prng(7);
  const domains = Math.max(1, Math.round(total / 1000));
  const groups = Math.max(1, Math.round(total / 100));
  const systems = Math.max(1, Math.round(total / 50));
  const resources = Math.max(2, Math.round(total * 0.1));
  const apis = Math.max(1, Math.round(total * 0.14));
  const components = Math.max(
    LAYERS,
    total - domains - groups - systems - resources - apis - 1,
  );

  const docs = [];
  /** ref -> relation type -> Set of target refs */
  const relations = new Map();
  const relate = (from, type, to) => {
    for (const [a, t, b] of [
      [from, type, to],
      [to, PAIRS[type], from],
    ]) {
      if (!relations.has(a)) relations.set(a, new Map());
      const byType = relations.get(a);
      if (!byType.has(t)) byType.set(t, new Set());
      byType.get(t).add(b);
    }
  };
  const team = i => `group:default/team-${i % groups}`;
  const system = i => `sys-${pad(i % systems, 3)}`;

  for (let g = 0; g < groups; g++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `team-${g}` },
      spec: { type: 'team', children: [] },
    });
  }
  docs.push({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: user },
    spec: { memberOf: ['team-0'] },
  });
  for (let d = 0; d < domains; d++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name: `dom-${d}`, title: `Domain ${d}` },
      spec: { owner: team(d) },
    });
  }
  for (let s = 0; s < systems; s++) {
    const ref = `system:default/${system(s)}`;
    relate(ref, 'partOf', `domain:default/dom-${s % domains}`);
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: system(s), title: `System ${s}` },
      spec: { owner: team(s), domain: `dom-${s % domains}` },
    });
  }

  // Resources: the first few are shared clusters every other one rests on.
  const clusters = Math.max(1, Math.min(5, Math.floor(resources / 50)));
  const resourceRefs = [];
  for (let r = 0; r < resources; r++) {
    const name = `res-${pad(r)}`;
    const ref = `resource:default/${name}`;
    const dependsOn =
      r < clusters ? [] : [`resource:default/res-${pad(r % clusters)}`];
    dependsOn.forEach(to => relate(ref, 'dependsOn', to));
    relate(ref, 'partOf', `system:default/${system(r)}`);
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name },
      spec: {
        type: r < clusters ? 'kubernetes-cluster' : 'database',
        owner: team(r),
        system: system(r),
        dependsOn,
      },
    });
    resourceRefs.push(ref);
  }

  // Components in layers of growing size: layer 0 is the platform.
  const weights = Array.from({ length: LAYERS }, (_, l) => l + 1);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const layerOf = [];
  for (let l = 0, i = 0; l < LAYERS; l++) {
    const size =
      l === LAYERS - 1
        ? components - i
        : Math.max(1, Math.round((components * weights[l]) / weightSum));
    for (let k = 0; k < size; k++, i++) layerOf.push(l);
  }
  const layerStart = [];
  layerOf.forEach((l, i) => {
    if (layerStart[l] === undefined) layerStart[l] = i;
  });
  const componentRef = i => `component:default/cmp-${pad(i)}`;
  // A skewed pick among the first `n`: low indices (the platform) are chosen
  // far more often, so a few components gather many dependents.
  const skewed = n => Math.floor(rand() ** 3 * n);

  // APIs, each provided by a component of the lower six layers.
  const providerLimit = layerStart[Math.min(6, LAYERS - 1)];
  const apiProvider = [];
  const apisOf = new Map();
  for (let a = 0; a < apis; a++) {
    const provider = a < providerLimit ? a : skewed(providerLimit);
    apiProvider.push(provider);
    if (!apisOf.has(provider)) apisOf.set(provider, []);
    apisOf.get(provider).push(a);
  }
  const apiRef = a => `api:default/api-${pad(a)}`;

  for (let i = 0; i < components; i++) {
    const layer = layerOf[i];
    const ref = componentRef(i);
    const deps = new Set();
    if (layer > 0) {
      // One dependency on the layer below keeps the chains deep, up to two
      // more anywhere below, skewed towards the platform.
      const below = layerStart[layer - 1];
      deps.add(componentRef(below + Math.floor(rand() * (i - below))));
      for (let d = 0; d < 2; d++) {
        if (rand() < 0.6) deps.add(componentRef(skewed(layerStart[layer])));
      }
    }
    if (layer < 4 && rand() < 0.5) {
      deps.add(
        resourceRefs[clusters + Math.floor(rand() * (resources - clusters))],
      );
    }
    const consumes = new Set();
    if (layer > 0) {
      const candidates = apiProvider.filter(p => layerOf[p] < layer).length;
      const n = Math.floor(rand() * 4);
      for (let c = 0; c < n && candidates > 0; c++) {
        const a = skewed(apis);
        if (layerOf[apiProvider[a]] < layer) consumes.add(apiRef(a));
      }
    }
    const provides = (apisOf.get(i) ?? []).map(apiRef);
    deps.forEach(to => relate(ref, 'dependsOn', to));
    consumes.forEach(to => relate(ref, 'consumesApi', to));
    provides.forEach(to => relate(ref, 'providesApi', to));
    relate(ref, 'partOf', `system:default/${system(i)}`);
    const roll = rand();
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: `cmp-${pad(i)}`, title: `Component ${i}` },
      spec: {
        type: layer === LAYERS - 1 ? 'website' : 'service',
        lifecycle: roll < 0.8 ? 'production' : 'experimental',
        owner: team(i),
        system: system(i),
        dependsOn: [...deps],
        providesApis: provides,
        consumesApis: [...consumes],
      },
    });
  }
  for (let a = 0; a < apis; a++) {
    const ref = apiRef(a);
    relate(ref, 'partOf', `system:default/${system(apiProvider[a])}`);
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: { name: `api-${pad(a)}` },
      spec: {
        type: 'openapi',
        lifecycle: 'production',
        owner: team(apiProvider[a]),
        system: system(apiProvider[a]),
        definition:
          'openapi: 3.0.0\ninfo: { title: bench, version: 1.0.0 }\npaths: {}\n',
      },
    });
  }
  writeFileSync(file, docs.map(d => JSON.stringify(d)).join('\n---\n'));
  return { entities: docs.length, relations, layerOf, componentRef };
}

/**
 * The entities within `depth` hops of `root` along `types`, each counted
 * once: what a correct impact answer holds.
 */
export function reachable(relations, root, types, depth) {
  const seen = new Set([root]);
  let frontier = [root];
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const next = [];
    for (const ref of frontier) {
      for (const type of types) {
        for (const to of relations.get(ref)?.get(type) ?? []) {
          if (!seen.has(to)) {
            seen.add(to);
            next.push(to);
          }
        }
      }
    }
    frontier = next;
  }
  return seen.size - 1;
}
