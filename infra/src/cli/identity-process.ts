import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { startAppProcess, waitForHttp, type AppProcess } from './processes';

/**
 * The development password of every sample account when `LIANXIN_DEV_PASSWORD` is not set. Not a
 * secret (the sample accounts are development data); the same default as the token CLI's
 * (`defaultDevelopmentPassword` of `@lianxin/sample-register`).
 */
export const developmentPassword = 'lianxin-dev';

/** The audience of the access tokens when `LIANXIN_OIDC_AUDIENCE` is not set. */
export const defaultAudience = 'lianxin-api';

/**
 * What every process needs to know of the OpenID provider (the issuer they trust, the audience
 * their tokens carry, the secret of the services' own client) and what the provider itself
 * needs (its port, the sample accounts' password). Variables already set in `env` win, except
 * the port given here; the service client's secret is otherwise made fresh (it lives only as
 * long as the processes given it).
 */
export function identityEnvironment(env: NodeJS.ProcessEnv, port: number): Record<string, string> {
  return {
    IDENTITY_PORT: String(port),
    LIANXIN_OIDC_ISSUER: env.LIANXIN_OIDC_ISSUER || `http://127.0.0.1:${port}`,
    LIANXIN_OIDC_AUDIENCE: env.LIANXIN_OIDC_AUDIENCE || defaultAudience,
    LIANXIN_DEV_PASSWORD: env.LIANXIN_DEV_PASSWORD || developmentPassword,
    LIANXIN_SERVICE_CLIENT_SECRET: env.LIANXIN_SERVICE_CLIENT_SECRET || randomBytes(32).toString('base64url'),
  };
}

/** A TCP port free on 127.0.0.1 at the moment of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * Starts the identity service (the OpenID provider) as its own process, its log in
 * `<logDir>/identity.log`, and waits until it is ready on `IDENTITY_PORT` of `env`.
 * On failure the process is stopped again.
 */
export async function startIdentityProcess(env: NodeJS.ProcessEnv, logDir: string): Promise<AppProcess> {
  const identity = startAppProcess('identity', 'services/identity/src/main.ts', env, logDir);
  try {
    await waitForHttp(`http://127.0.0.1:${env.IDENTITY_PORT ?? 8084}/readyz`, identity);
    return identity;
  } catch (error) {
    await identity.stop();
    throw error;
  }
}
