export * from './messages';
export * from './commands';
export * from './failures';
