// Integration tests: a real Temporal dev server (started once for the run) and a real database.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'int',
  testMatch: ['**/*.int-spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 1,
};
