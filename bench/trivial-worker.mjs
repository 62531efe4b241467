// The floor's worker: a separate process that runs bench/trivial-workflow.ts on its own task
// queue, so the floors use the same Temporal server as the product in the same run.
//
//   node -r ./scripts/register-paths.cjs bench/trivial-worker.mjs <address> <taskQueue>
//
// With BENCH_TLS_CA, BENCH_TLS_CERT, BENCH_TLS_KEY and BENCH_TLS_SERVER_NAME set it connects
// with mTLS (the cluster mode's frontend refuses anything else).
//
// Prints "ready" once polling. register-paths.cjs watches RECTIFLOW_PARENT_PID, so this
// process exits when the bench goes away, however it went.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  bundleWorkflowCode,
} from '@temporalio/worker';

const here = path.dirname(fileURLToPath(import.meta.url));
const [address, taskQueue] = process.argv.slice(2);
if (!address || !taskQueue) {
  process.stderr.write('usage: trivial-worker.mjs <address> <taskQueue>\n');
  process.exit(2);
}

Runtime.install({ logger: new DefaultLogger('WARN') });
const workflowBundle = await bundleWorkflowCode({
  workflowsPath: path.join(here, 'trivial-workflow.ts'),
  logger: new DefaultLogger('WARN'),
});
const { BENCH_TLS_CA, BENCH_TLS_CERT, BENCH_TLS_KEY, BENCH_TLS_SERVER_NAME } = process.env;
const tls = BENCH_TLS_CA
  ? {
      serverNameOverride: BENCH_TLS_SERVER_NAME,
      serverRootCACertificate: fs.readFileSync(BENCH_TLS_CA),
      clientCertPair: { crt: fs.readFileSync(BENCH_TLS_CERT), key: fs.readFileSync(BENCH_TLS_KEY) },
    }
  : false;
const connection = await NativeConnection.connect({ address, tls });
const worker = await Worker.create({ connection, taskQueue, workflowBundle });
const running = worker.run();
process.stdout.write('ready\n');
await running;
await connection.close();
