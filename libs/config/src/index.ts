export * from './app-config';
export * from './temporal-tls';
export * from './payload-codec';
