export * from './newest';
export * from './tracking';
export * from './work-queues';
export * from './consumer';
export * from './timeline';
export * from './overdue-board';
export * from './workload';
