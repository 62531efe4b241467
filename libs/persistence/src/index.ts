export * from './entities';
export * from './migrations';
export * from './data-source';
export * from './audit-log';
export * from './bound-insert';
export * from './projection';
export * from './migration-lock';
