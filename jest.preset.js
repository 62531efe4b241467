// Shared jest settings: @swc/jest compiles TypeScript (with decorator metadata for NestJS and
// TypeORM) and the tsconfig path aliases resolve to the library sources.
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias.replace('/', '\\/')}$`] = `<rootDir>/${target}`;
}

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper,
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        // Keep import() native: the global setup loads the ESM scripts/ modules with it.
        module: { type: 'commonjs', ignoreDynamic: true },
      },
    ],
    // openid-client and its two dependencies ship ESM only: compiled to CommonJS like the
    // sources, so the API under test loads them with require() as the built API does
    // (require(esm), Node 20.19+).
    '^.+/node_modules/(openid-client|oauth4webapi|jose)/.+\\.js$': [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(openid-client|oauth4webapi|jose)/)'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/apps/web/'],
};
