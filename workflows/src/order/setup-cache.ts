/**
 * Answers kept for a while, per key: what an order's setup asks of slow sources (the policy from
 * the database, the routing from the cadres service) is the same for every order of a place
 * until the register or the policy changes, which is rare. A burst of orders of one grid asks
 * once; concurrent askers share the answer in flight; a failure is not kept (the next asker tries
 * again). `ttlMs` 0 keeps nothing.
 */
export function keptFor<Q, A>(ttlMs: number, ask: (query: Q) => Promise<A>, keyOf: (query: Q) => string, now: () => number = Date.now): (query: Q) => Promise<A> {
  if (ttlMs <= 0) return ask;
  const kept = new Map<string, { answer: Promise<A>; until: number }>();
  return (query) => {
    const key = keyOf(query);
    const at = now();
    const found = kept.get(key);
    if (found && found.until > at) return found.answer;
    const answer = ask(query);
    kept.set(key, { answer, until: at + ttlMs });
    answer.catch(() => {
      if (kept.get(key)?.answer === answer) kept.delete(key);
    });
    // Keys are places (grids, organisations): few, but never let them grow without bound.
    if (kept.size > 10_000) {
      for (const [k, entry] of kept) if (entry.until <= at) kept.delete(k);
    }
    return answer;
  };
}

/** How long the worker keeps setup answers: `LIANXIN_SETUP_CACHE_MS` (default 30 s; 0 asks every time). */
export function setupCacheMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.LIANXIN_SETUP_CACHE_MS?.trim();
  if (!raw) return 30_000;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`LIANXIN_SETUP_CACHE_MS must be a whole number of milliseconds ≥ 0, got "${raw}"`);
  return value;
}
