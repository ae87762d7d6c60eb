/** Counters a run keeps, read by the progress line and the summary. */
export class Stats {
  readonly startedAt = Date.now();
  intakesStarted = 0;
  opened = 0;
  /** Intakes answered 200 (a replay of an earlier attempt under the same Idempotency-Key). */
  intakeReplays = 0;
  intakeFailed = 0;
  openedByChannel = new Map<string, number>();
  commandsOk = 0;
  /** Command answers 200 that came after at least one failed attempt. */
  commandsAfterRetry = 0;
  /** Retry attempts of any request (intake, command, token, read). */
  retries = 0;
  /** Requests that gave up (retries exhausted or a 5xx/network failure past the deadline). */
  failed = 0;
  /** 4xx refusals (races, wrong state…): counted, not fatal. */
  refused = 0;
  refusedByCode = new Map<string, number>();
  /** Lifecycles running now. */
  inFlight = 0;
  lifecyclesDone = 0;
  /** Errors seen on attempts, by kind (ECONNREFUSED, timeout, http-503 …), retried or not. */
  errors = new Map<string, number>();
  latencies = new Map<string, number[]>();
  kills = 0;

  count(map: Map<string, number>, key: string, by = 1): void {
    map.set(key, (map.get(key) ?? 0) + by);
  }

  error(kind: string): void {
    this.count(this.errors, kind);
  }

  latency(label: string, ms: number): void {
    let list = this.latencies.get(label);
    if (!list) this.latencies.set(label, (list = []));
    list.push(ms);
  }
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** "k1 3, k2 1" by count, highest first. */
export function describeCounts(map: ReadonlyMap<string, number>, limit = 6): string {
  const entries = [...map].sort((a, b) => b[1] - a[1]);
  const shown = entries.slice(0, limit).map(([k, v]) => `${k} ${v}`);
  if (entries.length > limit) shown.push(`+${entries.length - limit} more`);
  return shown.join(', ');
}
