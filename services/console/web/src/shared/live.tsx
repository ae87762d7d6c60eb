import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useApi } from '../api/services';
import type { WorkQueueEvent } from '../api/types';
import { useAuth } from '../auth/session';
import { readEventStream, type StreamStatus } from './sse';

/** A change of an order, or `ready`: the stream is (again) live and changes before it are not replayed — refetch. */
type Listener = (event: WorkQueueEvent | 'ready') => void;

interface WorkQueueLive {
  status: StreamStatus;
  subscribe(listener: Listener): () => void;
}

const WorkQueueContext = createContext<WorkQueueLive>({ status: 'closed', subscribe: () => () => undefined });

/**
 * The cadres work-queue stream (`GET /api/v1/work-queue/stream`, events `order` with
 * {id, sequence, status, type}), one connection for the whole console; lists subscribe to it.
 */
export function WorkQueueStreamProvider({ children, enabled }: { children: ReactNode; enabled: boolean }) {
  const api = useApi();
  const { expire } = useAuth();
  const [status, setStatus] = useState<StreamStatus>('closed');
  const listeners = useRef(new Set<Listener>());

  useEffect(() => {
    if (!enabled) return undefined;
    const controller = new AbortController();
    void readEventStream({
      url: api.cadres.workQueueStreamUrl,
      accessToken: api.client.accessToken,
      signal: controller.signal,
      onStatus: setStatus,
      onUnauthorized: expire,
      onEvent: (event) => {
        if (event.event === 'ready') {
          listeners.current.forEach((listener) => listener('ready'));
          return;
        }
        if (event.event !== 'order') return;
        try {
          const data = JSON.parse(event.data) as WorkQueueEvent;
          if (typeof data.id === 'string') listeners.current.forEach((listener) => listener(data));
        } catch {
          // not an order event: ignored
        }
      },
    });
    return () => controller.abort();
  }, [api, enabled, expire]);

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const value = useMemo(() => ({ status, subscribe }), [status, subscribe]);
  return <WorkQueueContext.Provider value={value}>{children}</WorkQueueContext.Provider>;
}

/** Calls `listener` for every change on the work queues (`onReady` when the stream is live again); answers the stream's state. */
export function useWorkQueueEvents(listener?: (event: WorkQueueEvent) => void, onReady?: () => void): StreamStatus {
  const { status, subscribe } = useContext(WorkQueueContext);
  const ref = useRef({ listener, onReady });
  ref.current = { listener, onReady };
  useEffect(
    () =>
      subscribe((event) => {
        if (event === 'ready') ref.current.onReady?.();
        else ref.current.listener?.(event);
      }),
    [subscribe],
  );
  return status;
}

export interface LiveQuery<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  /** Whether the list follows the live stream (else it is polled). */
  live: boolean;
}

/** How long changes on the stream gather before the list is read again. */
const liveRefreshMs = 1_000;

/**
 * Data that follows the work queues: loaded once, then again on work-queue events that
 * `refreshOn` accepts; polled every `pollMs` while the stream is not open. Changes are gathered:
 * at most one read a second, never one cut off by the next, so a busy area (a county dispatcher
 * hears every change in it) costs a read a second, not a read per change, and the list still
 * moves while changes keep coming.
 */
export function useLiveQuery<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  options: { refreshOn?: (event: WorkQueueEvent) => boolean; pollMs?: number; enabled?: boolean } = {},
): LiveQuery<T> {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const debounce = useRef<number | undefined>(undefined);
  /** A read of the stream's changes is scheduled; one is running; changes came while it ran. */
  const gathering = useRef<number | undefined>(undefined);
  const loading$ = useRef(false);
  const changedWhileLoading = useRef(false);
  const refreshOn = useRef(options.refreshOn);
  refreshOn.current = options.refreshOn;
  const enabled = options.enabled ?? true;

  const reload = useCallback(() => {
    window.clearTimeout(debounce.current);
    debounce.current = window.setTimeout(() => setVersion((v) => v + 1), 300);
  }, []);

  const refreshForChanges = useCallback(() => {
    if (loading$.current) {
      changedWhileLoading.current = true;
      return;
    }
    if (gathering.current !== undefined) return; // the read on its way will see this change too
    gathering.current = window.setTimeout(() => {
      gathering.current = undefined;
      setVersion((v) => v + 1);
    }, liveRefreshMs);
  }, []);

  const status = useWorkQueueEvents((event) => {
    if (!refreshOn.current || refreshOn.current(event)) refreshForChanges();
  }, refreshForChanges);

  useEffect(() => {
    if (!enabled) {
      setLoading(false);
      return undefined;
    }
    const controller = new AbortController();
    setLoading(true);
    loading$.current = true;
    const settled = () => {
      loading$.current = false;
      if (changedWhileLoading.current) {
        changedWhileLoading.current = false;
        refreshForChanges();
      }
    };
    load(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(undefined);
        setLoading(false);
        settled();
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure);
        setLoading(false);
        settled();
      },
    );
    return () => {
      controller.abort();
      loading$.current = false;
    };
    // `deps` names what the loader reads (the loader itself is a new function each render).
  }, [...deps, version, enabled]);

  const live = status === 'open';
  const pollMs = options.pollMs ?? 30_000;
  useEffect(() => {
    if (live || !enabled) return undefined;
    const timer = window.setInterval(() => setVersion((v) => v + 1), pollMs);
    return () => window.clearInterval(timer);
  }, [live, pollMs, enabled]);

  useEffect(
    () => () => {
      window.clearTimeout(debounce.current);
      window.clearTimeout(gathering.current);
    },
    [],
  );
  return { data, error, loading, reload, live };
}
