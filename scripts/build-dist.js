// Compiles the production code (libs/*/src and services/*/src, without specs, benchmarks and test
// support) to CommonJS under dist/, mirroring the repository's layout, so a production image runs
// plain JavaScript with `node dist/services/<service>/src/main.js` instead of compiling TypeScript
// at start-up through @swc-node/register. The `@baton/*` path aliases of tsconfig.base.json are
// rewritten to relative requires by SWC, with the same decorator settings as the tests (legacy
// decorators, emitted metadata) and the same target. proto/ is copied next to it, because the gRPC
// server loads its reflection descriptors from <root>/proto. Type-checking stays with `tsc`
// (npm run typecheck); this only emits.
//
// `npm start` runs the embedded host from this build. --with-bench also compiles the benchmarks
// (the e2e benchmark measures its embedded host as `npm start` runs it); --quiet prints nothing.
//
// Usage: node scripts/build-dist.js [--out dist] [--with-bench] [--quiet]
const { transformFile } = require('@swc/core');
const { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const outIndex = process.argv.indexOf('--out');
const out = resolve(root, outIndex > 0 ? process.argv[outIndex + 1] : 'dist');
const { compilerOptions } = require(join(root, 'tsconfig.base.json'));

/** Directories whose code only tests, benchmarks or launches test servers: never in production. */
const SKIPPED_DIRS = new Set(['test-support', 'testing', '__fixtures__']);
if (!process.argv.includes('--with-bench')) SKIPPED_DIRS.add('bench');
const SKIPPED_FILE = /\.(spec|test)\.ts$|\.d\.ts$/;

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) yield* sources(path);
    } else if (entry.name.endsWith('.ts') && !SKIPPED_FILE.test(entry.name)) yield path;
  }
}

function roots() {
  const dirs = [];
  for (const top of ['libs', 'services']) {
    for (const name of readdirSync(join(root, top))) {
      // libs/testing is the test harness (launchers for Kafka and PostgreSQL).
      if (top === 'libs' && name === 'testing') continue;
      const src = join(root, top, name, 'src');
      try {
        readdirSync(src);
        dirs.push(src);
      } catch {
        // a project without sources
      }
    }
  }
  return dirs;
}

const swcOptions = (filename) => ({
  filename,
  swcrc: false,
  configFile: false,
  sourceMaps: true,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    baseUrl: root,
    paths: compilerOptions.paths,
  },
  module: { type: 'commonjs' },
});

async function main() {
  rmSync(out, { recursive: true, force: true });
  const files = roots().flatMap((dir) => [...sources(dir)]);
  let count = 0;
  // A few files at a time: SWC is fast, the limit keeps memory flat on small machines.
  const queue = [...files];
  async function worker() {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const rel = relative(root, file);
      const target = join(out, rel.replace(/\.ts$/, '.js'));
      const { code, map } = await transformFile(file, swcOptions(file));
      mkdirSync(dirname(target), { recursive: true });
      const mapName = `${target.slice(dirname(target).length + 1)}.map`;
      writeFileSync(target, `${code}\n//# sourceMappingURL=${mapName}\n`);
      if (map) writeFileSync(`${target}.map`, map);
      count++;
    }
  }
  await Promise.all(Array.from({ length: 4 }, worker));
  cpSync(join(root, 'proto'), join(out, 'proto'), { recursive: true });
  if (!process.argv.includes('--quiet'))
    console.log(`compiled ${count} files to ${relative(root, out) || '.'} (and copied proto/)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
