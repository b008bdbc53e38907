#!/usr/bin/env node
// Checks packed plugin tarballs as a registry would serve them: the manifest
// has no `workspace:` ranges, and every package that the shipped JavaScript
// or typings import is declared in dependencies or peerDependencies.
//
//   node scripts/check-packed.mjs <tarball>...
import { execFileSync } from 'node:child_process';
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const builtins = new Set(builtinModules.flatMap(m => [m, `node:${m}`]));
const packageOf = spec =>
  spec.startsWith('@')
    ? spec.split('/').slice(0, 2).join('/')
    : spec.split('/')[0];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

const importPattern =
  /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/[\w./-]*)?)['"]/g;

let failures = 0;
for (const tarball of process.argv.slice(2)) {
  const dir = mkdtempSync(join(tmpdir(), 'pack-check-'));
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', dir]);
    const root = join(dir, 'package');
    const manifest = JSON.parse(
      readFileSync(join(root, 'package.json'), 'utf8'),
    );
    const problems = [];
    const declared = new Set([
      manifest.name,
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ]);
    for (const field of [
      'dependencies',
      'peerDependencies',
      'optionalDependencies',
    ]) {
      for (const [name, range] of Object.entries(manifest[field] ?? {})) {
        if (String(range).startsWith('workspace:')) {
          problems.push(`${field}.${name} is still "${range}"`);
        }
      }
    }
    for (const file of files(join(root, 'dist'))) {
      if (!/\.(c?js|mjs|d\.ts)$/.test(file)) continue;
      const text = readFileSync(file, 'utf8');
      for (const [, spec] of text.matchAll(importPattern)) {
        const pkg = packageOf(spec);
        if (!builtins.has(spec) && !builtins.has(pkg) && !declared.has(pkg)) {
          problems.push(
            `${file.slice(root.length + 1)} imports undeclared ${pkg}`,
          );
        }
      }
    }
    const unique = [...new Set(problems)];
    console.log(
      `${unique.length ? 'FAIL' : 'ok  '} ${manifest.name}@${manifest.version}`,
    );
    for (const problem of unique) console.log(`     ${problem}`);
    failures += unique.length ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
process.exit(failures ? 1 : 0);
