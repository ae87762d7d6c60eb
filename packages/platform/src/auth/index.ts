export * from './auth-config';
export * from './token-verifier';
export * from './access-control';
export * from './audit-sink';
export * from './service-token';
