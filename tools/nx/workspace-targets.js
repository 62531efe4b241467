// @ts-check
// Infers every project's build, lint, test and typecheck targets from the files it has, so a new
// project (a folder with a project.json) gets them without writing any:
//
//   typecheck  tsc without output over the project's folder (its sources and specs, and the
//              library sources they import through the @rectiflow/* path aliases), with the
//              root tsconfig.json's settings (tools/nx/tsc-project.mjs), or with the project's
//              own tsconfig.json when it has one (the web app: DOM, bundler resolution)
//   build      a vite.config.* → `vite build` after the type-check; otherwise tsc with the
//              root tsconfig.build.json's settings into dist/ (the layout `npm run build` gives)
//   lint       eslint over the project's folder, zero warnings (the root eslint.config.mjs)
//   test       only for a project with unit specs (*.spec.ts[x]): jest with the root unit
//              config, confined to the project's folder
//
// The dependency edges these run along come from Nx's analysis of the source files
// (nx.json pluginsConfig "@nx/js".analyzeSourceFiles), not from here. A project.json may still
// override any option of an inferred target (the worker's build also bundles the workflows).

const fs = require('node:fs');
const path = require('node:path');
const { createNodesFromFiles } = require('@nx/devkit');

const SKIP_DIRS = new Set(['node_modules', 'dist', '.nx', 'coverage']);

/** True when any file under `dir` (not in build or dependency folders) matches `test`. */
function hasFile(dir, test) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && hasFile(path.join(dir, entry.name), test)) return true;
    } else if (test(entry.name)) {
      return true;
    }
  }
  return false;
}

const exists = (root, name) => fs.existsSync(path.join(root, name));

/**
 * @param {string} projectJsonPath workspace-relative path of a project.json
 * @param {unknown} _options
 * @param {import('@nx/devkit').CreateNodesContextV2} context
 * @returns {import('@nx/devkit').CreateNodesResult}
 */
function targetsOf(projectJsonPath, _options, context) {
  const projectRoot = path.dirname(projectJsonPath);
  const absRoot = path.join(context.workspaceRoot, projectRoot);
  // The workspace root's own package.json/project.json is not a project here.
  if (projectRoot === '.') return {};

  /** @type {Record<string, import('@nx/devkit').TargetConfiguration>} */
  const targets = {};
  const hasTsconfig = exists(absRoot, 'tsconfig.json');
  const viteConfig = [
    'vite.config.mts',
    'vite.config.ts',
    'vite.config.mjs',
    'vite.config.js',
  ].find((f) => exists(absRoot, f));

  targets.typecheck = {
    command: hasTsconfig
      ? `tsc -p ${projectRoot}/tsconfig.json --noEmit`
      : `node tools/nx/tsc-project.mjs ${projectRoot} typecheck`,
    cache: true,
    inputs: [
      'default',
      '^production',
      ...(hasTsconfig
        ? []
        : ['{workspaceRoot}/tsconfig.json', '{workspaceRoot}/tools/nx/tsc-project.mjs']),
      { externalDependencies: ['typescript'] },
    ],
    outputs: [],
  };

  if (viteConfig) {
    targets.build = {
      command: `vite build ${projectRoot} --logLevel warn`,
      dependsOn: ['typecheck'],
      cache: true,
      inputs: ['production', '^production', { externalDependencies: ['vite'] }],
      // Where vite.config's build.outDir puts it; a project.json names it when it differs.
      outputs: ['{workspaceRoot}/dist/{projectName}'],
    };
  } else if (!hasTsconfig) {
    targets.build = {
      command: `node tools/nx/tsc-project.mjs ${projectRoot} build`,
      dependsOn: ['^build'],
      cache: true,
      inputs: [
        'production',
        '^production',
        '{workspaceRoot}/tsconfig.build.json',
        '{workspaceRoot}/tools/nx/tsc-project.mjs',
        { externalDependencies: ['typescript'] },
      ],
      outputs: ['{workspaceRoot}/dist/{projectRoot}'],
    };
  }

  targets.lint = {
    command: `eslint ${projectRoot} --max-warnings 0`,
    cache: true,
    // Type-aware rules read the imported libraries' types too.
    inputs: [
      'default',
      '^production',
      '{workspaceRoot}/eslint.config.mjs',
      { externalDependencies: ['eslint', 'typescript-eslint', '@nx/eslint-plugin'] },
    ],
    outputs: [],
  };

  if (hasFile(absRoot, (name) => /\.spec\.tsx?$/.test(name))) {
    targets.test = {
      command: `jest -c jest.unit.config.js --roots ${projectRoot}`,
      cache: true,
      inputs: [
        'default',
        '^production',
        '{workspaceRoot}/jest.preset.js',
        '{workspaceRoot}/jest.unit.config.js',
        { externalDependencies: ['jest', '@swc/jest'] },
      ],
      outputs: [],
    };
  }

  return { projects: { [projectRoot]: { targets } } };
}

/** @type {import('@nx/devkit').CreateNodesV2} */
exports.createNodesV2 = [
  '**/project.json',
  (files, options, context) => createNodesFromFiles(targetsOf, files, options, context),
];
