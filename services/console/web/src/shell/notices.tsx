import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { App } from 'antd';
import { useApi } from '../api/services';
import type { NotificationView } from '../api/types';
import { useAuth } from '../auth/session';
import { readEventStream, type StreamStatus } from '../shared/sse';

type Listener = (notice: NotificationView) => void;

interface Notices {
  items: NotificationView[];
  unread: number;
  status: StreamStatus;
  markRead(ids: string[] | 'all'): Promise<void>;
  subscribe(listener: Listener): () => void;
}

const NoticesContext = createContext<Notices>({ items: [], unread: 0, status: 'closed', markRead: async () => undefined, subscribe: () => () => undefined });

/**
 * The person's 站内通知: the inbox of the notifications service (newest first, unread count) and
 * its live stream (`GET /api/v1/notifications/stream`, resumed with `lastEventId`); a new notice
 * pops up and tells the views that listen (e.g. the supervisor's board on 督办).
 */
export function NoticesProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const { expire } = useAuth();
  const { notification } = App.useApp();
  const [items, setItems] = useState<NotificationView[]>([]);
  const [unread, setUnread] = useState(0);
  const [status, setStatus] = useState<StreamStatus>('closed');
  const listeners = useRef(new Set<Listener>());
  const seen = useRef(new Set<string>());

  useEffect(() => {
    const controller = new AbortController();
    api.notifications.inbox({ limit: 30 }).then(
      (page) => {
        if (controller.signal.aborted) return;
        page.items.forEach((n) => seen.current.add(n.id));
        setItems((current) => [...current, ...page.items.filter((n) => !current.some((c) => c.id === n.id))]);
        setUnread(page.unread);
      },
      () => undefined,
    );
    void readEventStream({
      url: api.notifications.streamUrl,
      accessToken: api.client.accessToken,
      signal: controller.signal,
      resumeParam: 'lastEventId',
      onStatus: setStatus,
      onUnauthorized: expire,
      onEvent: (event) => {
        if (event.event === 'ready') {
          try {
            const ready = JSON.parse(event.data) as { unread?: number };
            if (typeof ready.unread === 'number') setUnread(ready.unread);
          } catch {
            // ignored
          }
          return;
        }
        if (event.event !== 'notification') return;
        let notice: NotificationView;
        try {
          notice = JSON.parse(event.data) as NotificationView;
        } catch {
          return;
        }
        if (seen.current.has(notice.id)) return;
        seen.current.add(notice.id);
        setItems((current) => [notice, ...current].slice(0, 100));
        if (!notice.readAt) setUnread((n) => n + 1);
        notification.info({ title: notice.title, description: notice.text, placement: 'bottomRight', duration: 6 });
        listeners.current.forEach((listener) => listener(notice));
      },
    });
    return () => controller.abort();
  }, [api, expire, notification]);

  const markRead = useCallback(
    async (ids: string[] | 'all') => {
      const result = await api.notifications.markRead(ids === 'all' ? { all: true } : { ids });
      setUnread(result.unread);
      const now = new Date().toISOString();
      setItems((current) => current.map((n) => (ids === 'all' || ids.includes(n.id) ? { ...n, readAt: n.readAt ?? now } : n)));
    },
    [api],
  );

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const value = useMemo(() => ({ items, unread, status, markRead, subscribe }), [items, unread, status, markRead, subscribe]);
  return <NoticesContext.Provider value={value}>{children}</NoticesContext.Provider>;
}

export function useNotices(): Notices {
  return useContext(NoticesContext);
}

/** Calls `listener` for each live notice. */
export function useNoticeEvents(listener: Listener): void {
  const { subscribe } = useNotices();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => subscribe((notice) => ref.current(notice)), [subscribe]);
}
