import { spawn } from 'node:child_process';
import * as path from 'node:path';

/**
 * Once per run: the app built as production runs it (dist/, the workflow bundle, the web
 * app), the Temporal server and CLI found or built, nginx installed if missing.
 */
export default async function globalSetup(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const { buildApp } = await import(path.join(root, 'scripts/app-build.mjs'));
  const { ensureTemporalServer } = await import(path.join(root, 'scripts/temporal-server.mjs'));
  const { ensureTemporalCli } = await import(path.join(root, 'scripts/temporal-cli.mjs'));
  const { ensureNginx } = await import(path.join(root, 'scripts/cluster/nginx.mjs'));
  const run = (what: string, cmd: string, args: string[], env = process.env) =>
    new Promise<void>((resolve, reject) => {
      log(`[cluster tier] ${what}…`);
      const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env });
      child.on('error', reject);
      child.on('exit', (code, signal) =>
        code === 0 ? resolve() : reject(new Error(`${what} failed (${signal ?? code})`)),
      );
    });
  await buildApp({ root, run, warn: log });
  await ensureTemporalServer({ log });
  process.env.TEMPORAL_CLI_PATH = await ensureTemporalCli({ log });
  ensureNginx({ log });
}
