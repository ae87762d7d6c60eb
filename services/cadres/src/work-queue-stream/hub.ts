import type { ReceivedOrderEvent } from '@lianxin/contracts';
import { matchesFilter, placementOf, type OrderPlacement, type QueueFilter } from './audience';
import { changeOf, type WorkQueueChange } from './change';

/** One open stream: whose it is, what it watches, and how to reach it. */
export interface StreamSubscriber {
  personId: string;
  filters: readonly QueueFilter[];
  send(change: WorkQueueChange): void;
  /** Ends the stream (the service is shutting down). */
  end(): void;
}

export interface WorkQueueHub {
  /** Adds a stream; false when the person already has `maxStreamsPerPerson` open here. */
  subscribe(subscriber: StreamSubscriber): (() => void) | undefined;
  /** An order event from the topic: to every stream it concerns, before or after the change. */
  publish(event: ReceivedOrderEvent): void;
  streamsOf(personId: string): number;
  /** Ends every stream (before the server closes: open streams would hold it). */
  endAll(): void;
}

export interface WorkQueueHubOptions {
  maxStreamsPerPerson?: number;
  /** How many orders' last placement it remembers (to tell those an order left that it did). */
  rememberedOrders?: number;
}

/**
 * 待办 live, in one instance: each order event is placed as the lists place it (its work-queue
 * document), and pushed to every open stream whose filters match where the order stands now or
 * where it stood before (so a handler hears that an order was taken from them). Events older than
 * the last one seen of an order (redeliveries) are dropped.
 */
export function workQueueHub(options: WorkQueueHubOptions = {}): WorkQueueHub {
  const maxStreams = options.maxStreamsPerPerson ?? 5;
  const remembered = options.rememberedOrders ?? 20_000;
  const subscribers = new Set<StreamSubscriber>();
  const perPerson = new Map<string, number>();
  const lastPlacement = new Map<string, OrderPlacement>();

  const remember = (orderId: string, placement: OrderPlacement) => {
    lastPlacement.delete(orderId);
    lastPlacement.set(orderId, placement);
    if (lastPlacement.size > remembered) lastPlacement.delete(lastPlacement.keys().next().value!);
  };

  return {
    subscribe(subscriber) {
      const open = perPerson.get(subscriber.personId) ?? 0;
      if (open >= maxStreams) return undefined;
      perPerson.set(subscriber.personId, open + 1);
      subscribers.add(subscriber);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        subscribers.delete(subscriber);
        const left = (perPerson.get(subscriber.personId) ?? 1) - 1;
        if (left > 0) perPerson.set(subscriber.personId, left);
        else perPerson.delete(subscriber.personId);
      };
    },
    publish(event) {
      const orderId = event.data.orderId;
      const after = placementOf(event);
      const before = lastPlacement.get(orderId);
      if (before && before.sequence >= after.sequence) return;
      remember(orderId, after);
      if (subscribers.size === 0) return;
      const change = changeOf(event, after);
      for (const subscriber of subscribers) {
        const concerned = subscriber.filters.some((filter) => matchesFilter(after, filter) || (before !== undefined && matchesFilter(before, filter)));
        if (concerned) subscriber.send(change);
      }
    },
    streamsOf(personId) {
      return perPerson.get(personId) ?? 0;
    },
    endAll() {
      for (const subscriber of [...subscribers]) subscriber.end();
    },
  };
}
