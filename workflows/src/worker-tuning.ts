import { z } from 'zod';

/**
 * The worker's capacity settings, from the environment (names below), validated at start. The
 * workflow cache bounds the worker's memory: an order out of the cache is replayed from its
 * history when it next has work, so a smaller cache costs CPU on old orders, never correctness.
 */
const WorkerTuning = z.object({
  /** Orders kept in memory between their tasks (`LIANXIN_WORKER_CACHED_ORDERS`). */
  maxCachedWorkflows: z.coerce.number().int().min(2).default(500),
  /** Workflow tasks run at once (`LIANXIN_WORKER_WORKFLOW_TASKS`). */
  maxConcurrentWorkflowTaskExecutions: z.coerce.number().int().min(2).default(40),
  /** Event publications (local activities) run at once (`LIANXIN_WORKER_LOCAL_ACTIVITIES`). */
  maxConcurrentLocalActivityExecutions: z.coerce.number().int().min(1).default(100),
});
export type WorkerTuning = z.infer<typeof WorkerTuning>;

const variables: Record<keyof WorkerTuning, string> = {
  maxCachedWorkflows: 'LIANXIN_WORKER_CACHED_ORDERS',
  maxConcurrentWorkflowTaskExecutions: 'LIANXIN_WORKER_WORKFLOW_TASKS',
  maxConcurrentLocalActivityExecutions: 'LIANXIN_WORKER_LOCAL_ACTIVITIES',
};

/** What one cached order holds on the workflow thread's heap (measured by bench:memory: ~0.5 MiB), rounded up. */
const cachedOrderMiB = 0.5;
/** The heap the worker needs besides its cached orders (the bundle, the SDK, in-flight tasks). */
const baseHeapMiB = 134;

/**
 * Node flags for the worker process: each V8 heap (the main thread's and the workflow thread's)
 * capped at what the cached orders need, plus room. Without a cap V8 collects lazily and the
 * process grows towards its default limit of several GiB however small the cache: orders evicted
 * from the cache would be garbage nobody collects until memory runs short. `npm start` (and
 * bench:memory) run the worker with these flags; a deployment sets the same in its own way.
 */
export function workerNodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  const { maxCachedWorkflows } = workerTuning(env);
  return [`--max-old-space-size=${Math.max(256, baseHeapMiB + Math.ceil(maxCachedWorkflows * cachedOrderMiB))}`];
}

export function workerTuning(env: NodeJS.ProcessEnv = process.env): WorkerTuning {
  const raw = Object.fromEntries(
    Object.entries(variables)
      .map(([option, variable]) => [option, env[variable]?.trim()])
      .filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  const parsed = WorkerTuning.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${variables[issue.path[0] as keyof WorkerTuning]}: ${issue.message}`);
    throw new Error(`worker settings: ${problems.join('; ')}`);
  }
  const tuning = parsed.data;
  // Temporal's rule: no more tasks at once than orders in the cache.
  return { ...tuning, maxConcurrentWorkflowTaskExecutions: Math.min(tuning.maxConcurrentWorkflowTaskExecutions, tuning.maxCachedWorkflows) };
}
