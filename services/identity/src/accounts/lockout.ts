import { RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * 登录失败处理: after `maxFailures` wrong passwords for one username within `windowSeconds`, the
 * account refuses every sign-in, right password or not, for `lockSeconds` — so a password is not
 * guessed by trying. Likewise an address with `maxFailuresPerAddress` failures (over any
 * usernames: password spraying) is refused for the lock time. Kept in memory per identity
 * instance (a restart forgets it; several instances each count their own). A locked account or
 * address answers as a wrong password does.
 */
export interface SignInLockout {
  isLocked(username: string, address?: string): Promise<boolean>;
  failed(username: string, address?: string): Promise<void>;
  succeeded(username: string): Promise<void>;
}

export interface LockoutOptions {
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
  /** Failures from one address, over any usernames; default four times `maxFailures`. */
  maxFailuresPerAddress?: number;
}

function limiter(keyPrefix: string, points: number, options: LockoutOptions): RateLimiterMemory {
  return new RateLimiterMemory({ keyPrefix, points, duration: options.windowSeconds, blockDuration: options.lockSeconds });
}

async function exhausted(counter: RateLimiterMemory, key: string): Promise<boolean> {
  const state = await counter.get(key);
  return state !== null && state.remainingPoints <= 0;
}

export function signInLockout(options: LockoutOptions): SignInLockout {
  const byUsername = limiter('sign-in-failures', options.maxFailures, options);
  const byAddress = limiter('sign-in-failures-by-address', options.maxFailuresPerAddress ?? options.maxFailures * 4, options);
  const key = (username: string) => username.toLowerCase();
  // Over the limit, consume rejects: the key is now blocked, which is what we want.
  const count = (counter: RateLimiterMemory, k: string) => counter.consume(k).then(
    () => undefined,
    () => undefined,
  );
  return {
    async isLocked(username, address) {
      return (await exhausted(byUsername, key(username))) || (address !== undefined && (await exhausted(byAddress, address)));
    },
    async failed(username, address) {
      await count(byUsername, key(username));
      if (address !== undefined) await count(byAddress, address);
    },
    async succeeded(username) {
      await byUsername.delete(key(username));
    },
  };
}
