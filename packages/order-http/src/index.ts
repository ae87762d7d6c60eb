export * from './problems';
export * from './command-routes';
export * from './command-keys';
export * from './command-docs';
