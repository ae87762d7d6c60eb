import { keptFor, setupCacheMs } from '../../src/order/setup-cache';

describe('keptFor (setup answers kept for a while)', () => {
  function counting() {
    const asked: string[] = [];
    let fail = false;
    const ask = async (query: { gridId: string }) => {
      asked.push(query.gridId);
      if (fail) throw new Error('cadres down');
      return `route of ${query.gridId} #${asked.length}`;
    };
    return { asked, ask, failNext: (value: boolean) => (fail = value) };
  }

  it('asks once per key while the answer is fresh, and again once it is stale', async () => {
    let now = 1_000;
    const source = counting();
    const kept = keptFor(30_000, source.ask, (q) => q.gridId, () => now);
    expect(await kept({ gridId: 'g1' })).toBe('route of g1 #1');
    now += 29_999;
    expect(await kept({ gridId: 'g1' })).toBe('route of g1 #1');
    expect(await kept({ gridId: 'g2' })).toBe('route of g2 #2');
    now += 1;
    expect(await kept({ gridId: 'g1' })).toBe('route of g1 #3');
    expect(source.asked).toEqual(['g1', 'g2', 'g1']);
  });

  it('shares one question among concurrent askers', async () => {
    const source = counting();
    const kept = keptFor(30_000, source.ask, (q) => q.gridId);
    const answers = await Promise.all(Array.from({ length: 50 }, () => kept({ gridId: 'g1' })));
    expect(new Set(answers)).toEqual(new Set(['route of g1 #1']));
    expect(source.asked).toHaveLength(1);
  });

  it('keeps no failure: the next asker asks again', async () => {
    const source = counting();
    const kept = keptFor(30_000, source.ask, (q) => q.gridId);
    source.failNext(true);
    await expect(kept({ gridId: 'g1' })).rejects.toThrow('cadres down');
    source.failNext(false);
    expect(await kept({ gridId: 'g1' })).toBe('route of g1 #2');
  });

  it('asks every time when the time is 0', async () => {
    const source = counting();
    const kept = keptFor(0, source.ask, (q) => q.gridId);
    await kept({ gridId: 'g1' });
    await kept({ gridId: 'g1' });
    expect(source.asked).toHaveLength(2);
  });

  it('reads LIANXIN_SETUP_CACHE_MS, refusing nonsense', () => {
    expect(setupCacheMs({})).toBe(30_000);
    expect(setupCacheMs({ LIANXIN_SETUP_CACHE_MS: '0' })).toBe(0);
    expect(setupCacheMs({ LIANXIN_SETUP_CACHE_MS: '5000' })).toBe(5_000);
    expect(() => setupCacheMs({ LIANXIN_SETUP_CACHE_MS: '-1' })).toThrow(/LIANXIN_SETUP_CACHE_MS/);
    expect(() => setupCacheMs({ LIANXIN_SETUP_CACHE_MS: 'soon' })).toThrow(/LIANXIN_SETUP_CACHE_MS/);
  });
});
