/** The order domain's contracts without transport code: safe to import inside workflows. */
export * from '../actor';
export * from '../access';
export * from './personal';
export * from './intake';
export * from './commands';
export * from './status';
export * from './view';
export * from './summary';
export * from './catalogue';
export * from './events';
export * from './timeline';
