export * from './actor';
export * from './order/intake';
export * from './order/commands';
export * from './order/status';
export * from './order/view';
export * from './order/events';
export * from './topics';
export * from './envelope';
