export * from './chunks';
export * from './bounded';
