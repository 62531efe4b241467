// The cluster tier: the production-like topology of `npm run start:cluster` (Temporal's
// services apart on a private PostgreSQL, two workers, two API replicas behind nginx, mTLS)
// started from the built app, with faults injected into it. `npm test` runs it as the
// "cluster" step.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'cluster',
  testMatch: ['**/test/cluster/**/*.cluster-spec.ts'],
  globalSetup: '<rootDir>/test/cluster/global-setup.ts',
  testTimeout: 600000,
  maxWorkers: 1,
};
