#!/usr/bin/env node
// Fails when the committed generated contracts (libs/contracts/src/gen) are not exactly what
// `buf generate` makes from proto/: runs `buf lint`, regenerates into a temporary directory with
// the same buf.gen.yaml (`buf generate -o <tmp>`), and compares every file byte for byte.
// Exit 0: lint clean and no drift. Exit 1: lint failed, generation failed, or files differ.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const genDir = 'libs/contracts/src/gen';
const buf = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'buf.cmd' : 'buf');

function runBuf(args) {
  const result = spawnSync(buf, args, { cwd: root, stdio: 'inherit' });
  if (result.error) {
    console.error(`contracts: cannot run ${buf}: ${result.error.message} (did you run npm ci?)`);
    return 1;
  }
  return result.status ?? 1;
}

/** Relative paths of all files under `dir` (empty when it does not exist), sorted. */
function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  const files = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else files.push(child);
    }
  };
  walk('');
  return files.sort();
}

function compare(expectedDir, actualDir) {
  const expected = listFiles(expectedDir);
  const actual = new Set(listFiles(actualDir));
  const changed = [];
  const missing = [];
  for (const file of expected) {
    if (!actual.has(file)) missing.push(file);
    else if (
      !fs.readFileSync(path.join(expectedDir, file)).equals(fs.readFileSync(path.join(actualDir, file)))
    )
      changed.push(file);
    actual.delete(file);
  }
  return { count: expected.length, changed, missing, extra: [...actual].sort() };
}

function main() {
  if (runBuf(['lint']) !== 0) {
    console.error('contracts: buf lint failed (see above)');
    return 1;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-contracts-'));
  try {
    if (runBuf(['generate', '-o', tmp]) !== 0) {
      console.error('contracts: buf generate failed (see above)');
      return 1;
    }
    const { count, changed, missing, extra } = compare(path.join(tmp, genDir), path.join(root, genDir));
    if (count === 0) {
      console.error(`contracts: buf generate produced no files under ${genDir}; check buf.gen.yaml`);
      return 1;
    }
    if (changed.length + missing.length + extra.length === 0) {
      console.log(`contracts: generated code matches proto/ (${count} files)`);
      return 0;
    }
    console.error(`contracts: ${genDir} is out of date with proto/; run \`npx buf generate\` and commit.`);
    for (const [label, files] of [
      ['changed', changed],
      ['missing', missing],
      ['extra', extra],
    ]) {
      for (const file of files) console.error(`  ${label}: ${genDir}/${file}`);
    }
    return 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

process.exitCode = main();
