import { RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * 登录失败处理: after `maxFailures` wrong passwords for one username within `windowSeconds`, the
 * account refuses every sign-in, right password or not, for `lockSeconds` — so a password is not
 * guessed by trying. Kept in memory per identity instance (a restart forgets it; several
 * instances each count their own). A locked account answers as a wrong password does.
 */
export interface SignInLockout {
  isLocked(username: string): Promise<boolean>;
  failed(username: string): Promise<void>;
  succeeded(username: string): Promise<void>;
}

export function signInLockout(options: { maxFailures: number; windowSeconds: number; lockSeconds: number }): SignInLockout {
  const failures = new RateLimiterMemory({
    keyPrefix: 'sign-in-failures',
    points: options.maxFailures,
    duration: options.windowSeconds,
    blockDuration: options.lockSeconds,
  });
  const key = (username: string) => username.toLowerCase();
  return {
    async isLocked(username) {
      const state = await failures.get(key(username));
      return state !== null && state.remainingPoints <= 0;
    },
    async failed(username) {
      await failures.consume(key(username)).catch(() => undefined); // over the limit: now blocked
    },
    async succeeded(username) {
      await failures.delete(key(username));
    },
  };
}
