// Reliability tests: faults (worker killed, Temporal server and database down, API restarted)
// and a bounded load run, against a real Temporal dev server and a real database. Slower than
// the e2e tests, so a project of their own; `npm test` runs it as the "load" step.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'load',
  testMatch: ['**/test/reliability/**/*.load-spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 300000,
  maxWorkers: 1,
};
