export * from './vocabulary';
export * from './actor';
export * from './lights';
export * from './task-rules';
export * from './due-times';
