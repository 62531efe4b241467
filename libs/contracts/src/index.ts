export * from './finding-workflow';
export * from './read-model';
export * from './task-inputs';
export * from './views';
export * from './search-attributes';
export * from './refused-payload';
export * from './web';
