// Browser tests: the built web app, served by the API of an in-process stack (as in e2e),
// driven through Debian's Chromium with playwright-core. The global setup builds the web app
// once (type-check + vite) before starting the shared Temporal dev server.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'browser',
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  globalSetup: '<rootDir>/test/browser/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 180000,
  maxWorkers: 1,
};
