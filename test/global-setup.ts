import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleWorkflows } from '../apps/worker/src/workflow-bundle';
import { startSharedDevServer } from './support/temporal-dev-server';

/**
 * Once per jest run: a real Temporal dev server on a free port (a throw-away SQLite file, no
 * UI) and one workflow bundle that every test worker reuses.
 */
export default async function globalSetup(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const { ensureTemporalCli } = await import(path.join(root, 'scripts/temporal-cli.mjs'));
  const cliPath: string = await ensureTemporalCli({
    log: (line: string) => process.stderr.write(`${line}\n`),
  });
  process.env.TEMPORAL_CLI_PATH = cliPath;
  const server = await startSharedDevServer();
  process.env.RECTIFLOW_TEST_TEMPORAL_ADDRESS = server.address;
  const bundle = await bundleWorkflows();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectiflow-bundle-'));
  const file = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(file, bundle.code);
  process.env.RECTIFLOW_TEST_WORKFLOW_BUNDLE = file;
  (globalThis as Record<string, unknown>).__rectiflowTemporal = server;
}
