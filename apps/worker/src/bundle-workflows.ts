import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleWorkflows, prebuiltBundlePath } from './workflow-bundle';

/**
 * Build step: bundles workflows/ once, so workers start fast and images need no sources; and
 * once more with the OpenTelemetry interceptors, for workers with tracing configured.
 */
async function main(): Promise<void> {
  for (const traced of [false, true]) {
    const bundle = await bundleWorkflows({ traced });
    const target = prebuiltBundlePath(undefined, traced);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, bundle.code);
    console.log(
      `workflow bundle written to ${path.relative(process.cwd(), target)} (${Math.round(bundle.code.length / 1024)} KiB)`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
