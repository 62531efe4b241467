export * from './finding-views';
export * from './organisation-views';
export * from './round-views';
export * from './figure-views';
export * from './notice-views';
export * from './audit-views';
