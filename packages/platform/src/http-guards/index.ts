export * from './security-headers';
export * from './cors';
export * from './trust-proxy';
export * from './client-address';
export * from './rate-limit';
export * from './request-problems';
export * from './unavailable';
export * from './client-errors';
