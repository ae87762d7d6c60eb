import { backoffMs, defaultRetryPolicy, type RetryPolicy } from '../src/delivery/backoff';

const policy: RetryPolicy = { maxAttempts: 8, baseMs: 1_000, maxMs: 30_000 };
/** random() = 0.5 is the middle of the jitter: no jitter at all. */
const middle = () => 0.5;

describe('backoffMs', () => {
  it('doubles from the base with each failed attempt', () => {
    expect([1, 2, 3, 4, 5].map((attempts) => backoffMs(attempts, policy, middle))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
  });

  it('waits the base before the first retry, also for attempts 0 (never below the base)', () => {
    expect(backoffMs(0, policy, middle)).toBe(1_000);
    expect(backoffMs(-3, policy, middle)).toBe(1_000);
  });

  it('stops growing at the cap', () => {
    expect(backoffMs(6, policy, middle)).toBe(30_000);
    expect(backoffMs(20, policy, middle)).toBe(30_000);
    expect(backoffMs(5_000, policy, middle)).toBe(30_000);
  });

  it('jitters by at most 20 % either way', () => {
    expect(backoffMs(3, policy, () => 0)).toBe(3_200);
    expect(backoffMs(3, policy, () => 0.25)).toBe(3_600);
    expect(backoffMs(3, policy, () => 0.75)).toBe(4_400);
    expect(backoffMs(3, policy, () => 0.999_999)).toBe(4_800);
  });

  it('applies the jitter after the cap (a capped wait is maxMs ± 20 %)', () => {
    expect(backoffMs(20, policy, () => 0)).toBe(24_000);
    expect(backoffMs(20, policy, () => 0.999_999)).toBe(36_000);
  });

  it('stays within the bounds for any random value, in whole milliseconds', () => {
    for (let attempts = 1; attempts <= defaultRetryPolicy.maxAttempts; attempts += 1) {
      const exact = Math.min(defaultRetryPolicy.maxMs, defaultRetryPolicy.baseMs * 2 ** (attempts - 1));
      for (const r of [0, 0.1, 0.333, 0.5, 0.9, 0.999_999]) {
        const wait = backoffMs(attempts, defaultRetryPolicy, () => r);
        expect(Number.isInteger(wait)).toBe(true);
        expect(wait).toBeGreaterThanOrEqual(Math.round(exact * 0.8));
        expect(wait).toBeLessThanOrEqual(Math.round(exact * 1.2));
      }
    }
  });

  it('uses Math.random when no random is given', () => {
    const spy = jest.spyOn(Math, 'random').mockReturnValue(0);
    try {
      expect(backoffMs(2, policy)).toBe(1_600);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('has the default policy: 8 attempts, 2 s growing to 5 min', () => {
    expect(defaultRetryPolicy).toEqual({ maxAttempts: 8, baseMs: 2_000, maxMs: 300_000 });
    expect(backoffMs(1, defaultRetryPolicy, middle)).toBe(2_000);
    expect(backoffMs(7, defaultRetryPolicy, middle)).toBe(128_000);
    expect(backoffMs(8, defaultRetryPolicy, middle)).toBe(256_000);
    expect(backoffMs(9, defaultRetryPolicy, middle)).toBe(300_000);
  });
});
