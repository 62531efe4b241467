// The compiled API's own modules, for the floors that run the very SQL a service issues.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Requires modules from dist/ (paths relative to dist/, or `@rectiflow/*` names mapped onto dist/
 * as for the apps themselves), keyed as given. Node caches each module, so calling this again is
 * cheap.
 * @param {Record<string, string>} modules
 */
export function requireDist(modules) {
  require('../../scripts/register-paths.cjs');
  require('reflect-metadata');
  return Object.fromEntries(
    Object.entries(modules).map(([key, p]) => [
      key,
      require(p.startsWith('@rectiflow/') ? p : `../../dist/${p}`),
    ]),
  );
}
