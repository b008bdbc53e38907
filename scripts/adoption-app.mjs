// Helpers of scripts/adoption-test.sh. The install commands and the wiring
// come from the READMEs' code blocks, not from copies here, so that the test
// follows exactly what an adopter reads:
//
//   node scripts/adoption-app.mjs bump-latest <appDir>    the app onto the newest @backstage/* releases
//   node scripts/adoption-app.mjs install <appDir>        root README's install section
//   node scripts/adoption-app.mjs wire-backend <appDir>   backend.add lines of the backend READMEs
//   node scripts/adoption-app.mjs wire-legacy <appDir>    the frontend README's legacy section
//   node scripts/adoption-app.mjs render <baseUrl> <outDir>
//                                                         the page, the tab and an asset in Chromium
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The fenced code blocks under a `## heading` of a README, up to the next `## `. */
function codeBlocks(readme, heading) {
  const text = readFileSync(join(repo, readme), 'utf8');
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`${readme}: no section "## ${heading}"`);
  const end = text.indexOf('\n## ', start + 1);
  const section = text.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map(m => ({
    lang: m[1],
    code: m[2],
  }));
}

function blockWith(blocks, needle, where) {
  const block = blocks.find(b => b.code.includes(needle));
  if (!block) throw new Error(`${where}: no code block with "${needle}"`);
  return block.code;
}

/** `const name = ( ... );` of a snippet or a source file, with its span. */
function constSpan(source, name) {
  const start = source.search(
    new RegExp(`^(export )?const ${name} = \\(`, 'm'),
  );
  if (start < 0) throw new Error(`no "const ${name}"`);
  const end = source.indexOf('\n);\n', start) + 4;
  return { start, end, text: source.slice(start, end) };
}

/** The import statements of a snippet (single- or multi-line). */
function importsOf(snippet) {
  return snippet.match(/^import [\s\S]*?;$/gm) ?? [];
}

function addImports(source, imports) {
  const lines = source.split('\n');
  let last = -1;
  let inImport = false;
  lines.forEach((line, i) => {
    if (line.startsWith('import ')) inImport = true;
    if (inImport && line.trimEnd().endsWith(';')) {
      last = i;
      inImport = false;
    }
  });
  lines.splice(last + 1, 0, ...imports);
  return lines.join('\n');
}

/** Inserts `text` before the first `marker` at or after `from`. */
function insertBefore(source, marker, text, from = 0) {
  const at = source.indexOf(marker, from);
  if (at < 0) throw new Error(`marker not found: ${JSON.stringify(marker)}`);
  return source.slice(0, at) + text + source.slice(at);
}

function edit(file, change) {
  writeFileSync(file, change(readFileSync(file, 'utf8')));
  console.log(`edited ${file}`);
}

// Resolutions of this repository's package.json that work around gaps of the
// registry this machine reaches (docs/decisions.md), not anything the
// suite needs; a fresh resolve of an app needs them too.
const REGISTRY_GAP_RESOLUTIONS = [
  '@swc/core',
  '@yarnpkg/core',
  'unrs-resolver',
  'rollup',
  'better-sqlite3',
];

/**
 * Moves an app onto the newest release of every @backstage/* and
 * @backstage-community/* package it names, as `backstage-cli versions:bump`
 * does from the release manifest (which needs the internet).
 */
function bumpLatest(appDir) {
  const latest = new Map();
  const versionOf = name => {
    if (!latest.has(name)) {
      latest.set(
        name,
        execSync(`npm view ${name} version`, { encoding: 'utf8' }).trim(),
      );
    }
    return latest.get(name);
  };
  const manifests = [
    'package.json',
    ...['app', 'backend'].map(p => join('packages', p, 'package.json')),
  ];
  for (const manifest of manifests) {
    edit(join(appDir, manifest), text => {
      const pkg = JSON.parse(text);
      for (const field of ['dependencies', 'devDependencies']) {
        for (const name of Object.keys(pkg[field] ?? {})) {
          if (/^@backstage(-community)?\//.test(name)) {
            pkg[field][name] = `^${versionOf(name)}`;
          }
        }
      }
      if (manifest === 'package.json') {
        const ours = JSON.parse(
          readFileSync(join(repo, 'package.json'), 'utf8'),
        ).resolutions;
        pkg.resolutions ??= {};
        for (const name of REGISTRY_GAP_RESOLUTIONS) {
          pkg.resolutions[name] = ours[name];
        }
      }
      return `${JSON.stringify(pkg, null, 2)}\n`;
    });
  }
  console.log(
    [...latest].map(([name, version]) => `${name}@${version}`).join('\n'),
  );
}

const INSTALL_README = 'README.md';
const INSTALL_SECTION = 'Installing into your Backstage app';

function install(appDir) {
  const blocks = codeBlocks(INSTALL_README, INSTALL_SECTION);
  const { resolutions } = JSON.parse(
    blockWith(blocks, '"resolutions"', INSTALL_README),
  );
  edit(join(appDir, 'package.json'), text => {
    const pkg = JSON.parse(text);
    pkg.resolutions = { ...pkg.resolutions, ...resolutions };
    return `${JSON.stringify(pkg, null, 2)}\n`;
  });
  // The first such block: the optional Tech Insights block after it needs
  // Tech Insights in the app, which the adoption test does not install.
  const commands = blockWith(blocks, 'yarn --cwd', INSTALL_README);
  console.log(commands);
  execSync(commands, { cwd: appDir, stdio: 'inherit', shell: '/bin/bash' });
}

const BACKEND_READMES = [
  ['plugins/value-stream-backend/README.md', 'Installation'],
  ['plugins/catalog-backend-module-value-stream/README.md', 'Install'],
  ['plugins/scaffolder-backend-module-value-stream/README.md', 'Install'],
];

function wireBackend(appDir) {
  const statements = BACKEND_READMES.flatMap(([readme, section]) =>
    codeBlocks(readme, section)
      .filter(b => b.lang === 'ts')
      .flatMap(b =>
        b.code.match(
          /^backend\.add\(\s*import\('@valuestream\/[^']+'\),?\s*\);$/gm,
        ),
      )
      .filter(Boolean),
  );
  if (statements.length !== BACKEND_READMES.length) {
    throw new Error(`expected one backend.add per README, got ${statements}`);
  }
  edit(join(appDir, 'packages/backend/src/index.ts'), source =>
    insertBefore(
      source,
      'backend.start();',
      `// Value Stream\n${statements.join('\n')}\n\n`,
    ),
  );
}

const FRONTEND_README = 'plugins/value-stream/README.md';
const LEGACY_SECTION = 'Legacy frontend system';

function wireLegacy(appDir) {
  const blocks = codeBlocks(FRONTEND_README, LEGACY_SECTION);
  const where = `${FRONTEND_README} (${LEGACY_SECTION})`;
  const src = join(appDir, 'packages/app/src');

  const app = blockWith(blocks, '<FlatRoutes>', where);
  const route = app.match(/^\s*<Route path="\/value-stream".*\/>$/m)[0];
  edit(join(src, 'App.tsx'), source =>
    insertBefore(
      addImports(source, importsOf(app)),
      '  </FlatRoutes>',
      `${route}\n`,
    ),
  );

  const root = blockWith(blocks, '<SidebarItem', where);
  const item = root.match(/^\s*<SidebarItem\n[\s\S]*?\/>$/m)[0];
  edit(join(src, 'components/Root/Root.tsx'), source => {
    const withImports = addImports(source, importsOf(root));
    const menu = withImports.indexOf('label="Menu"');
    return insertBefore(
      withImports,
      '        {/* End global nav */}',
      `${item.replace(/^\n+/, '')}\n`,
      menu,
    );
  });

  const parts = blockWith(blocks, 'const valueStreamCards', where);
  const resource = blockWith(blocks, 'const resourcePage', where);
  const resourceCase = resource.match(
    /^\s*<EntitySwitch\.Case if=\{isKind\('resource'\)\}.*$/m,
  )[0];
  edit(join(src, 'components/catalog/EntityPage.tsx'), source => {
    let out = addImports(source, importsOf(parts));
    out = insertBefore(
      out,
      'const overviewContent = (',
      `${constSpan(parts, 'valueStreamCards').text}\n${
        constSpan(parts, 'valueStreamTab').text
      }\n`,
    );
    // {valueStreamCards} last in the overview grids, {valueStreamTab} last
    // in the entity layouts the README names.
    const overview = constSpan(out, 'overviewContent');
    out = insertBefore(
      out,
      '  </Grid>\n);',
      '    {valueStreamCards}\n',
      overview.start,
    );
    const system = constSpan(out, 'systemPage');
    out = insertBefore(
      out,
      '      </Grid>\n    </EntityLayout.Route>',
      '        {valueStreamCards}\n',
      system.start,
    );
    for (const page of [
      'serviceEntityPage',
      'websiteEntityPage',
      'defaultEntityPage',
      'systemPage',
    ]) {
      const span = constSpan(out, page);
      out = insertBefore(
        out,
        '  </EntityLayout>\n);',
        '    {valueStreamTab}\n',
        span.start,
      );
    }
    out = insertBefore(
      out,
      'export const entityPage = (',
      `${constSpan(resource, 'resourcePage').text}\n`,
    );
    const entityPage = constSpan(out, 'entityPage');
    return insertBefore(
      out,
      '    <EntitySwitch.Case>{defaultEntityPage}',
      `${resourceCase.trimEnd()}\n\n`,
      entityPage.start,
    );
  });
}

async function render(baseUrl, outDir) {
  const { chromium } = await import('@playwright/test');
  mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  const page = await browser.newPage({
    viewport: { width: 1400, height: 1000 },
  });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  const visible = (locator, what) =>
    locator
      .first()
      .waitFor({ state: 'visible', timeout: 60_000 })
      .then(() => console.log(`  ok: ${what}`));
  const shot = name =>
    page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
  try {
    // Guest sign-in: the new frontend system's sign-in page has an Enter
    // button; the legacy app signs the guest in on its own.
    await page.goto(`${baseUrl}/`);
    const enter = page.getByRole('button', { name: 'Enter' });
    const settings = page.getByRole('link', { name: 'Settings' });
    await enter.or(settings).first().waitFor({ timeout: 60_000 });
    if (await enter.isVisible()) await enter.click();
    await visible(settings, 'signed in as guest');

    await page.goto(`${baseUrl}/value-stream`);
    await visible(
      page.getByRole('heading', { name: 'Value stream', level: 1 }),
      'page heading',
    );
    await visible(
      page.getByText('Every service from demand to operation'),
      'page subtitle',
    );
    await visible(
      page.getByText('example-website'),
      'example-website on the board',
    );
    await shot('page');

    await page.goto(`${baseUrl}/catalog/default/component/example-website`);
    await visible(
      page.getByText('Value stream stage'),
      'stage card on a component',
    );
    await shot('entity-overview');

    await page.goto(
      `${baseUrl}/catalog/default/component/example-website/value-stream`,
    );
    await visible(page.getByText('Readiness checklist'), 'entity tab');
    await shot('entity-tab');

    await page.goto(`${baseUrl}/catalog/default/resource/adoption-licence`);
    await visible(page.getByText('Elastic N.V.'), 'asset card on a licence');
    if (await page.getByText('Value stream stage').count()) {
      throw new Error('the stage card shows on a Resource');
    }
    console.log('  ok: no stage card on a Resource');
    await shot('asset');
  } catch (error) {
    await shot('failure').catch(() => {});
    if (errors.length) console.error(`page errors:\n${errors.join('\n')}`);
    throw error;
  } finally {
    await browser.close();
  }
}

const [command, ...args] = process.argv.slice(2);
const commands = {
  'bump-latest': bumpLatest,
  install,
  'wire-backend': wireBackend,
  'wire-legacy': wireLegacy,
  render,
};
if (!commands[command]) {
  console.error(
    `usage: adoption-app.mjs ${Object.keys(commands).join('|')} ...`,
  );
  process.exit(2);
}
await commands[command](...args);
