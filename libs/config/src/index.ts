export * from './app-config';
export * from './temporal-tls';
export * from './jwt-secret';
export * from './payload-codec';
export * from './tracing';
