import {
  maskOrderView,
  orderStatusLabels,
  type OrderEventData,
  type OrderEventType,
  type OrderStatus,
  type OrderView,
} from '@lianxin/contracts';

/**
 * Synthetic orders for tests and benchmarks of the read models: valid views (they pass the
 * OrderView schema) spread over handlers, organisations and statuses like a county's work.
 */
export interface SampleOrderOptions {
  id: string;
  status: OrderStatus;
  sequence?: number;
  /** A member handling it (statuses from dispatched on). */
  handlerId?: string;
  organisationId?: string;
  /** Open for claim: offered to these ids, or to all members when empty. */
  offeredTo?: string[];
  updatedAt?: Date;
}

const titles = ['独居老人冬季取暖需要一台电暖器', '楼道路灯不亮，夜间出行不便', '留守儿童需要课外辅导', '小区垃圾清运不及时', '低保家庭申请临时救助'];
const handledStatuses: OrderStatus[] = ['dispatched', 'signed', 'in_progress', 'paused', 'explained', 'resolved'];

export function sampleOrderView(options: SampleOrderOptions): OrderView {
  const updatedAt = options.updatedAt ?? new Date();
  const createdAt = new Date(updatedAt.getTime() - 3_600_000);
  const status = options.status;
  const handled = handledStatuses.includes(status) && options.handlerId !== undefined;
  const n = Number.parseInt(options.id.replace(/\D/g, '').slice(-6) || '0', 10);
  return {
    id: options.id,
    kind: 'wish',
    category: '必需物资',
    urgency: 'general',
    title: titles[n % titles.length]!,
    description: '群众反映的具体情况，由话务员记录。',
    channel: 'hotline',
    resident: { name: '王秀英', phone: '13912345678', keyPopulations: ['独居老人'] },
    location: { gridId: 'grid-sample-1', ...(options.organisationId ? { organisationId: options.organisationId } : {}) },
    // The organisation's path in a one-township sample county.
    ...(options.organisationId ? { scope: [options.organisationId, 'org-sample-township', 'org-sample-county'] } : {}),
    attachments: [],
    openedBy: { id: 'agent-1', role: 'agent' },
    status,
    statusLabel: orderStatusLabels[status],
    ...(handled ? { handler: { kind: 'member' as const, id: options.handlerId!, name: '张建国' } } : {}),
    coHandlers: [],
    ...(status === 'open_for_claim'
      ? {
          claim: {
            stage: options.offeredTo?.length ? 1 : 0,
            offeredTo: (options.offeredTo ?? []).map((id) => ({ kind: 'member' as const, id, name: '李红' })),
            openToAll: !options.offeredTo?.length,
          },
        }
      : {}),
    clocks: [{ name: 'resolve', dueAt: new Date(createdAt.getTime() + 15 * 86_400_000).toISOString(), level: 'none' }],
    escalationLevel: 'none',
    reopenCount: 0,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    sequence: options.sequence ?? 1,
  };
}

const eventTypeOf: Partial<Record<OrderStatus, OrderEventType>> = {
  received: 'order.received',
  accepted: 'order.accepted',
  open_for_claim: 'order.opened_for_claim',
  dispatched: 'order.dispatched',
  signed: 'order.signed',
  in_progress: 'order.contacted',
  resolved: 'order.resolved',
  closed: 'order.closed',
  cancelled: 'order.cancelled',
};

/** The event data that carries `view`, masked as the worker publishes it (its status decides the event type). */
export function sampleEventData(view: OrderView): OrderEventData {
  return {
    orderId: view.id,
    sequence: Math.max(1, view.sequence),
    type: eventTypeOf[view.status] ?? 'order.reminded',
    occurredAt: view.updatedAt,
    actor: { id: 'system', role: 'system' },
    details: {},
    order: maskOrderView(view, () => 'lx1.sample.sealed'),
  };
}
