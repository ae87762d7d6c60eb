import type { MemberWorkload } from '../api/types';

/** A member's current load: open orders they handle or co-handle, and how many of them are overdue. */
export interface Load {
  open: number;
  overdue: number;
}

interface Ranked {
  score: number;
  target: { id: string; name: string };
  load?: Load;
}

/** Unknown load (not readable) ranks after any known one. */
const openOf = (c: Ranked) => c.load?.open ?? Number.POSITIVE_INFINITY;
const overdueOf = (c: Ranked) => c.load?.overdue ?? Number.POSITIVE_INFINITY;

/**
 * The order of suggestions: best fit first (score); among equals, the less loaded — fewer open
 * orders, then fewer overdue — and then by name (zh-CN collation).
 */
export function byFitThenLoad(a: Ranked, b: Ranked): number {
  return b.score - a.score || openOf(a) - openOf(b) || overdueOf(a) - overdueOf(b) || a.target.name.localeCompare(b.target.name, 'zh-CN');
}

/** Each candidate with its load from the workload lists (left without one when no list names it). */
export function withLoads<T extends Ranked>(candidates: readonly T[], workloads: readonly MemberWorkload[]): T[] {
  const byId = new Map(workloads.map((w) => [w.memberId, { open: w.open, overdue: w.overdue }]));
  return candidates.map((candidate) => {
    const load = byId.get(candidate.target.id);
    return load ? { ...candidate, load } : candidate;
  });
}
