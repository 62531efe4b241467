#!/usr/bin/env node
// `node tools/nx/tsc-project.mjs <project root> typecheck|build` — the typecheck and build
// targets tools/nx/workspace-targets.js infers for a project without a tsconfig.json of its own.
//
// Every such project is compiled with the workspace's settings: typecheck as the root
// tsconfig.json does (sources and specs, jest and node types, no output), build as the root
// tsconfig.build.json does (specs left out, output in dist/ beside the other projects'), only
// over the project's own folder (and whatever it imports). The tsconfig that says so is written
// to a temporary folder (under node_modules/.cache) for the one run instead of being kept in every project: a new project
// gets both targets without a file to copy, and none of them can drift from the root settings.
// (A tsconfig.json in a project folder would also make eslint's type-aware rules build one
// program per project, which doubles the time and memory of `eslint .`.)

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BASES = { typecheck: 'tsconfig.json', build: 'tsconfig.build.json' };

const [projectRoot, mode] = process.argv.slice(2);
if (!projectRoot || !(mode in BASES)) {
  process.stderr.write('usage: node tools/nx/tsc-project.mjs <project root> typecheck|build\n');
  process.exit(2);
}
const projectDir = path.resolve(root, projectRoot);
if (!fs.existsSync(path.join(projectDir, 'project.json'))) {
  process.stderr.write(`${projectRoot} is not a project (no project.json)\n`);
  process.exit(2);
}

// Inside the workspace, so that type libraries (`types: ["node", "jest"]`) resolve from its
// node_modules/@types as they do for the root configs.
const cacheDir = path.join(root, 'node_modules/.cache/rectiflow-tsc');
fs.mkdirSync(cacheDir, { recursive: true });
const dir = fs.mkdtempSync(path.join(cacheDir, 'run-'));
let status = 1;
try {
  const config = path.join(dir, 'tsconfig.json');
  // Paths inherited from the root configs (exclude, outDir, rootDir) stay relative to them.
  fs.writeFileSync(
    config,
    JSON.stringify({ extends: path.join(root, BASES[mode]), include: [projectDir] }, null, 2),
  );
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  const args = [tsc, '-p', config];
  if (mode === 'typecheck') args.push('--noEmit');
  status = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
