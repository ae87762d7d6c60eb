import { workerNodeFlags, workerTuning } from '../src/worker-tuning';

describe('workerTuning (the worker capacity settings)', () => {
  it('has defaults that bound the cache', () => {
    expect(workerTuning({})).toEqual({ maxCachedWorkflows: 500, maxConcurrentWorkflowTaskExecutions: 40, maxConcurrentLocalActivityExecutions: 100 });
  });

  it('reads the variables', () => {
    expect(workerTuning({ LIANXIN_WORKER_CACHED_ORDERS: '5000', LIANXIN_WORKER_WORKFLOW_TASKS: '80', LIANXIN_WORKER_LOCAL_ACTIVITIES: '20' })).toEqual({
      maxCachedWorkflows: 5_000,
      maxConcurrentWorkflowTaskExecutions: 80,
      maxConcurrentLocalActivityExecutions: 20,
    });
  });

  it('never runs more tasks at once than orders it caches', () => {
    expect(workerTuning({ LIANXIN_WORKER_CACHED_ORDERS: '10' }).maxConcurrentWorkflowTaskExecutions).toBe(10);
  });

  it('caps the worker heap at what its cache needs (384 MiB for the default 500 orders)', () => {
    expect(workerNodeFlags({})).toEqual(['--max-old-space-size=384']);
    expect(workerNodeFlags({ LIANXIN_WORKER_CACHED_ORDERS: '4000' })).toEqual(['--max-old-space-size=2134']);
    expect(workerNodeFlags({ LIANXIN_WORKER_CACHED_ORDERS: '10' })).toEqual(['--max-old-space-size=256']);
  });

  it('refuses nonsense, naming the variable', () => {
    expect(() => workerTuning({ LIANXIN_WORKER_CACHED_ORDERS: 'lots' })).toThrow(/LIANXIN_WORKER_CACHED_ORDERS/);
    expect(() => workerTuning({ LIANXIN_WORKER_WORKFLOW_TASKS: '1' })).toThrow(/LIANXIN_WORKER_WORKFLOW_TASKS/);
  });
});
