import type { Model } from 'mongoose';
import type { Logger } from '@lianxin/platform';
import type { DeliveryRecord } from '../delivery/records';

export type InboxListener = (notice: DeliveryRecord) => void;

export interface InboxHub {
  /** A notice stored by this instance: to its recipient's open streams at once. */
  publish(notice: DeliveryRecord): void;
  subscribe(personId: string, listener: InboxListener): () => void;
  start(): void;
  stop(): void;
}

/**
 * 站内通知 live: streams subscribe per person. Notices this instance stores are pushed at once;
 * a poll of the in-app sequence (every `pollMs`, looking back `overlap` numbers for notices
 * stored out of order) brings those stored by other instances. Streams drop repeats by id.
 */
export function inboxHub(model: Model<DeliveryRecord>, log: Logger, pollMs = 3_000, overlap = 200): InboxHub {
  const listeners = new Map<string, Set<InboxListener>>();
  let highest: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let polling = false;

  const emit = (notice: DeliveryRecord) => {
    for (const listener of listeners.get(notice.recipient.id) ?? []) listener(notice);
  };

  async function poll(): Promise<void> {
    if (polling || listeners.size === 0) return;
    polling = true;
    try {
      if (highest === undefined) {
        const last = await model.findOne({ channel: 'app' as const, seq: { $exists: true } }, { seq: 1 }).sort({ seq: -1 }).lean();
        highest = last?.seq ?? 0;
        return;
      }
      const found = await model
        .find({ channel: 'app' as const, seq: { $gt: highest - overlap }, 'recipient.id': { $in: [...listeners.keys()] } })
        .sort({ seq: 1 })
        .limit(1_000)
        .lean<DeliveryRecord[]>();
      for (const notice of found) {
        highest = Math.max(highest, notice.seq ?? 0);
        emit(notice);
      }
    } catch (error) {
      log.warn({ err: error }, 'inbox poll failed');
    } finally {
      polling = false;
    }
  }

  return {
    publish(notice) {
      if (notice.seq !== undefined && highest !== undefined) highest = Math.max(highest, notice.seq);
      emit(notice);
    },
    subscribe(personId, listener) {
      const set = listeners.get(personId) ?? new Set();
      set.add(listener);
      listeners.set(personId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(personId);
      };
    },
    start() {
      timer = setInterval(() => void poll(), pollMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      listeners.clear();
    },
  };
}
