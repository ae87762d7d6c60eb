import { z } from 'zod';
import type { Logger } from './logger';

const day = 86_400_000;

/**
 * How long Idempotency-Keys answer the same (intake and commands): `LIANXIN_IDEMPOTENCY_RETENTION_DAYS`,
 * default 30. Within it a retried request gets the first answer; after it the key is forgotten and
 * a request under it is a new one (the order it made stays, under its own id, for ever).
 */
export function idempotencyRetentionMs(env: NodeJS.ProcessEnv = process.env): number {
  const days = z.coerce.number().int().min(1).max(3650).default(30).safeParse(env.LIANXIN_IDEMPOTENCY_RETENTION_DAYS || undefined);
  if (!days.success) throw new Error('配置错误: LIANXIN_IDEMPOTENCY_RETENTION_DAYS 应为 1–3650 的整数（天）');
  return days.data * day;
}

export interface RetentionJob {
  /** Runs one pass now; answers how many records were removed. */
  runOnce(): Promise<number>;
  stop(): void;
}

/**
 * Removes what is older than `retentionMs`, once at start and then every `everyMs` (default an
 * hour). Done by the service itself rather than a TTL index, which FerretDB does not run.
 */
export function keepOnly(what: string, retentionMs: number, prune: (before: Date) => Promise<number>, log: Logger, everyMs = 3_600_000): RetentionJob {
  const runOnce = async () => {
    const removed = await prune(new Date(Date.now() - retentionMs));
    if (removed > 0) log.info({ what, removed }, 'records past their retention removed');
    return removed;
  };
  const pass = () => void runOnce().catch((error: unknown) => log.warn({ err: error, what }, 'retention pass failed; next pass later'));
  const first = setTimeout(pass, 10_000);
  const timer = setInterval(pass, everyMs);
  first.unref();
  timer.unref();
  return {
    runOnce,
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
