export * from './register';
export * from './accounts';
