#!/usr/bin/env node
// An S3-compatible server for tests of the S3 evidence store: gofakes3 (MIT), built once per
// machine from the Go module proxy into ~/.cache/rectiflow like the Temporal binaries (same
// lock, progress and atomic rename). Test-only: production points at a real object store.
//
// Usage: `node scripts/fake-s3.mjs` prints the binary's path; `ensureFakeS3()` returns it.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  buildInto,
  cacheRoot,
  findGo,
  isExecutableFile,
  runGo,
  withBuildLock,
} from './go-build-cache.mjs';

export const FAKE_S3_VERSION = '1.2.0';
const PKG = 'github.com/johannesboyne/gofakes3/cmd/gofakes3';
const TAG = 'fake-s3';

export function fakeS3Path() {
  return path.join(cacheRoot(), `gofakes3-${FAKE_S3_VERSION}`, 'gofakes3');
}

/** @param {{ log?: (m: string) => void }} [opts] */
export async function ensureFakeS3({ log = (m) => process.stderr.write(`${m}\n`) } = {}) {
  const bin = fakeS3Path();
  const found = () => (isExecutableFile(bin) ? bin : null);
  if (found()) return bin;
  return withBuildLock({
    name: TAG,
    what: `gofakes3 v${FAKE_S3_VERSION}`,
    log,
    findBuilt: found,
    build: async () => {
      const go = findGo();
      if (!go)
        throw new Error(
          `gofakes3 (an S3 server for tests) needs Go to build once: install Go 1.22 or newer`,
        );
      await buildInto(path.dirname(bin), async (tmpDir) => {
        const out = path.join(tmpDir, 'out');
        fs.mkdirSync(out);
        await runGo(go, ['install', `${PKG}@v${FAKE_S3_VERSION}`], {
          env: { GOBIN: out },
          log,
          tag: TAG,
          what: 'gofakes3',
        });
        return out;
      });
      log(`[${TAG}] built ${bin}`);
      return bin;
    },
  });
}

const isMain = (() => {
  try {
    return import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1] ?? '')).href;
  } catch {
    return false;
  }
})();

if (isMain) {
  ensureFakeS3().then(
    (p) => process.stdout.write(`${p}\n`),
    (e) => {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    },
  );
}
