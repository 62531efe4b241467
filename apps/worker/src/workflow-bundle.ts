import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DefaultLogger,
  bundleWorkflowCode,
  type WorkflowBundleOption,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';

/** The repository root (where tsconfig.base.json is), from source (jest), dist or an image. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'tsconfig.base.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error('cannot find the repository root (tsconfig.base.json) above ' + __dirname);
    dir = parent;
  }
  return dir;
}

/** The tsconfig path aliases as webpack aliases to the library sources. */
export function workflowAliases(root = repoRoot()): Record<string, string> {
  const base = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const alias: Record<string, string> = {};
  for (const [name, [target]] of Object.entries(base.compilerOptions.paths)) {
    alias[name] = path.join(root, target);
  }
  return alias;
}

/**
 * The OpenTelemetry workflow interceptors (spans for the run, each Update and each activity it
 * schedules, handed out through the worker's `exporter` sink): Temporal's, without their
 * replay-dependent yields (workflows/src/tracing-interceptors.ts says why). They emit no command:
 * test/int/history-replay replays every fixture with and without them.
 */
export const TRACING_WORKFLOW_INTERCEPTORS = 'workflows/src/tracing-interceptors.ts';

/**
 * Modules the workflow bundle loads once for all its workflows (see `bundleWorkflows`): zod and
 * the task inputs' schemas first (they complete zod's shared state before the SDK freezes it),
 * then the rest of the domain and the parts of the contracts that reach no SDK module (the
 * update definitions and search attribute keys do, and stay per workflow; so does the finding
 * machine, which imports them). test/int/workflow-bundle checks each against the bundle.
 */
export const PRELOADED_WORKFLOW_MODULES = [
  'libs/domain/src/task-inputs.ts',
  'libs/domain/src/index.ts',
  'libs/contracts/src/read-model.ts',
  'libs/contracts/src/task-inputs.ts',
  'libs/contracts/src/views/index.ts',
  'libs/contracts/src/web/index.ts',
  'libs/contracts/src/refused-payload.ts',
];

/**
 * Bundles workflows/ from its TypeScript sources for the worker's isolated V8 context. The
 * path aliases resolve through webpack, so workflows import libs exactly as the rest of the
 * code does. `traced`: with the OpenTelemetry workflow interceptors (a bundle of its own, so
 * a worker without tracing runs none of it).
 */
export async function bundleWorkflows(
  options: { traced?: boolean } = {},
): Promise<WorkflowBundleWithSourceMap> {
  const root = repoRoot();
  const alias = workflowAliases(root);
  return bundleWorkflowCode({
    workflowsPath: path.join(root, 'workflows/src/index.ts'),
    workflowInterceptorModules: options.traced
      ? [path.join(root, TRACING_WORKFLOW_INTERCEPTORS)]
      : [],
    // Evaluated once per V8 context and shared by every workflow in it, instead of once per
    // workflow: the task inputs' schemas and zod under them were about 0.6 of the 0.9 MB that
    // each cached workflow kept, and most of the time to create one (BENCH.md, "Idle worker
    // memory"); the rest of the domain and contracts took a cached workflow from 149 to 73-84
    // KB and its creation (each new finding, each replay) from 1.6 to 1.2-1.5 ms. Only pure
    // modules whose exports nothing mutates belong here: the SDK freezes them (task-inputs.ts
    // keeps its schemas out of its exports for that reason; the one exported schema,
    // public-comment-input's, is the API's and no workflow parses it).
    preloadModules: PRELOADED_WORKFLOW_MODULES.map((m) => path.join(root, m)),
    // webpack's report is noise in every worker start and test run; warnings still show.
    logger: new DefaultLogger('WARN'),
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = { ...(config.resolve.alias as Record<string, string>), ...alias };
      return config;
    },
  });
}

/** Where `npm run build` leaves the prebuilt bundles (production images ship only these). */
export function prebuiltBundlePath(root = repoRoot(), traced = false): string {
  return path.join(root, 'dist', traced ? 'workflow-bundle-traced.js' : 'workflow-bundle.js');
}

/**
 * The prebuilt bundle when the build left one, else a bundle made from the sources now. The
 * build writes it after compiling, so it is never older than the code beside it.
 */
export async function loadOrBundleWorkflows(
  options: { traced?: boolean } = {},
): Promise<WorkflowBundleOption> {
  const prebuilt = prebuiltBundlePath(repoRoot(), options.traced ?? false);
  if (fs.existsSync(prebuilt)) return { codePath: prebuilt };
  return bundleWorkflows(options);
}
