/**
 * What other code may import from the identity service without loading the provider
 * (oidc-provider is ESM-only: it runs in the service's own process, under tsx, never in jest).
 * Start the service with `src/main.ts`; `src/service.ts` has `startIdentity` for such a process.
 */
export { loadIdentityConfig, type IdentityConfig } from './config';
export { logSignIns, type SignInEvent, type SignInHook } from './sign-in';
