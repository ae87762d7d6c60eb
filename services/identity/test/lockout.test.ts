import { signInLockout } from '../src/accounts/lockout';

describe('sign-in lockout (登录失败处理)', () => {
  const options = { maxFailures: 3, windowSeconds: 60, lockSeconds: 60, maxFailuresPerAddress: 5 };

  it('locks a username after its failures, not before, and not other usernames', async () => {
    const lockout = signInLockout(options);
    for (let i = 0; i < 2; i += 1) await lockout.failed('Mem-A', '10.0.0.1');
    expect(await lockout.isLocked('mem-a')).toBe(false);
    await lockout.failed('mem-a', '10.0.0.1');
    expect(await lockout.isLocked('MEM-A')).toBe(true);
    expect(await lockout.isLocked('mem-b', '10.0.0.2')).toBe(false);
  });

  it('a success clears the count of a username that is not locked yet', async () => {
    const lockout = signInLockout(options);
    await lockout.failed('mem-c');
    await lockout.failed('mem-c');
    await lockout.succeeded('mem-c');
    await lockout.failed('mem-c');
    expect(await lockout.isLocked('mem-c')).toBe(false);
  });

  it('locks an address spraying one guess over many usernames', async () => {
    const lockout = signInLockout(options);
    for (let i = 0; i < 5; i += 1) await lockout.failed(`user-${i}`, '10.0.0.9');
    expect(await lockout.isLocked('user-99', '10.0.0.9')).toBe(true);
    expect(await lockout.isLocked('user-99', '10.0.0.10')).toBe(false);
  });
});
