export * from './problems';
export * from './command-routes';
