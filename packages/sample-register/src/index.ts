export * from './register';
export * from './accounts';
export * from './contacts';
