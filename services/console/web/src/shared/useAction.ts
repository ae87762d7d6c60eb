import { useCallback, useRef, useState } from 'react';
import { newIdempotencyKey } from '../api/client';
import { isAbort, ProblemError } from '../api/problem';

export interface Action<A extends unknown[], R> {
  /** Runs the action; resolves to its result, or undefined when it failed (the problem is in `problem`). */
  run(...args: A): Promise<R | undefined>;
  pending: boolean;
  problem: ProblemError | undefined;
  clear(): void;
}

/**
 * One user action (a button, a form) and its Idempotency-Key: the same key while the person
 * retries the same request after no answer or a 503; a new one once it went through, was
 * refused, or asks for something else. Its refusal is kept for ProblemAlert beside the action.
 */
export function useAction<A extends unknown[], R>(perform: (idempotencyKey: string, ...args: A) => Promise<R>): Action<A, R> {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ProblemError | undefined>();
  const key = useRef<{ key: string; fingerprint: string } | undefined>(undefined);
  const performRef = useRef(perform);
  performRef.current = perform;

  const run = useCallback(async (...args: A): Promise<R | undefined> => {
    let fingerprint: string;
    try {
      fingerprint = JSON.stringify(args, (_k, value: unknown) => (value instanceof Blob ? `blob:${value.size}:${value.type}` : value));
    } catch {
      fingerprint = String(Math.random());
    }
    if (!key.current || key.current.fingerprint !== fingerprint) key.current = { key: newIdempotencyKey(), fingerprint };
    setPending(true);
    setProblem(undefined);
    try {
      const result = await performRef.current(key.current.key, ...args);
      key.current = undefined;
      return result;
    } catch (error) {
      if (isAbort(error)) return undefined;
      const failure =
        error instanceof ProblemError
          ? error
          : new ProblemError(0, { title: '操作失败', detail: error instanceof Error ? error.message : String(error), code: 'client-error' });
      // Kept for a retry only when the request may not have arrived or may be tried again.
      if (!failure.retriable) key.current = undefined;
      setProblem(failure);
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);

  const clear = useCallback(() => setProblem(undefined), []);
  return { run, pending, problem, clear };
}
