import { Context } from '@temporalio/activity';
import type { Producer } from 'kafkajs';
import {
  maskOrderView,
  toOrderCloudEvent,
  toOrderEventRecord,
  type IntakeOrder,
  type OrderEventData,
  type PersonalData,
  type RecordedOrderEvent,
  type TraceContext,
} from '@lianxin/contracts';
import type { ClaimChain } from './order-case';
import type { OrderPolicy } from './policy';
import type { RouteOrder } from './routing-client';

export interface OrderActivityDeps {
  producer: Producer;
  orderEventsTopic: string;
  /** Where an order goes: asked of the cadres service, which owns the register. */
  routeOrder: RouteOrder;
  /** Seals an order's personal data (phone, name, address) for the events: nothing personal goes on the topic in clear. */
  sealPersonalData: (data: PersonalData, orderId: string) => string;
  /** Where the order policy comes from (data, not code). */
  policy: () => Promise<OrderPolicy>;
  /** Test hook: fail after producing, to prove retries publish nothing twice in effect. */
  afterProduce?: (events: RecordedOrderEvent[], attempt: number) => void;
}

export interface OrderSetup {
  policy: OrderPolicy;
  claimChain: ClaimChain;
  /** The village/community organisation of the order's grid, when the intake named only a grid. */
  organisationId?: string;
  /** Who oversees it: the organisation path and the agencies of its levels (absent in setups recorded before scopes). */
  scope?: string[];
}

export function createOrderActivities(deps: OrderActivityDeps) {
  return {
    /** The policy, and where the order goes (organisation, claim fallback chain) for its place. */
    async loadOrderSetup({ intake }: { intake: IntakeOrder }): Promise<OrderSetup> {
      const [policy, routing] = await Promise.all([
        deps.policy(),
        deps.routeOrder({
          ...(intake.location.gridId ? { gridId: intake.location.gridId } : {}),
          ...(intake.location.organisationId ? { organisationId: intake.location.organisationId } : {}),
        }),
      ]);
      return {
        policy,
        claimChain: routing.claimChain,
        ...(routing.organisationId ? { organisationId: routing.organisationId } : {}),
        scope: routing.scope,
      };
    },

    /** Publishes events in order, keyed by order id, as CloudEvents with deterministic ids. */
    async publishOrderEvents({ events, trace }: { events: RecordedOrderEvent[]; trace: TraceContext }): Promise<void> {
      if (events.length === 0) return;
      // One sealed copy per distinct view: the events of one step share the order as it then stood.
      const sealed = new Map<number, OrderEventData['order']>();
      const published = events.map((event): OrderEventData => {
        let order = sealed.get(event.order.sequence);
        if (!order) {
          order = maskOrderView(event.order, (data) => deps.sealPersonalData(data, event.orderId));
          sealed.set(event.order.sequence, order);
        }
        return { ...event, order };
      });
      const records = published.map((event) => toOrderEventRecord(toOrderCloudEvent(event, trace)));
      await deps.producer.send({ topic: deps.orderEventsTopic, acks: -1, messages: records });
      deps.afterProduce?.(events, Context.current().info.attempt);
    },
  };
}

export type OrderActivities = ReturnType<typeof createOrderActivities>;
