export * from './vocabulary';
export * from './task-kinds';
export * from './actor';
export * from './lights';
export * from './task-rules';
export * from './due-times';
export * from './finding-texts';
