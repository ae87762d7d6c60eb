import type { OrderEventData, OrderEventType } from '@lianxin/contracts';
import type { Audience } from '../recipients/audiences';
import type { RecipientRole } from '../recipients/person';
import type { DeliveryChannel } from './records';

/** One line of the rules: an audience of an event, the template they get, on which channels. */
export interface NoticeRule {
  audience: Audience;
  template: string;
  /** Channels for this rule; else the audience role's defaults below. */
  channels?: DeliveryChannel[];
  /** Only when this holds for the event. */
  when?: (data: OrderEventData) => boolean;
}

/** Who is reached how, unless a rule says otherwise (preferences may switch SMS/email off). */
export const defaultChannels: Record<RecipientRole, DeliveryChannel[]> = {
  resident: ['sms'],
  handler: ['app', 'sms'],
  co_handler: ['app'],
  dispatcher: ['app'],
  supervisor: ['app', 'sms', 'email'],
  upper_level: ['app', 'sms', 'email'],
  claim_candidate: ['app'],
  robot: ['webhook'],
};

const reassignedOnEscalation = (d: OrderEventData) => d.details['reassignedTo'] !== undefined;

/**
 * Who hears about which event, and with which template (templates/catalogue.ts). Events not
 * listed notify nobody; organisations' robots hear the events they subscribed to besides.
 */
export const noticeRules: Partial<Record<OrderEventType, NoticeRule[]>> = {
  'order.received': [{ audience: 'resident', template: 'received.resident' }],
  'order.rejected': [{ audience: 'resident', template: 'rejected.resident' }],
  'order.dispatched': [
    { audience: 'handler', template: 'dispatched.handler' },
    { audience: 'co_handlers', template: 'dispatched.handler' },
  ],
  'order.opened_for_claim': [{ audience: 'claim_candidates', template: 'claim.open' }],
  // The next stage's candidates; after the last stage the order is handed to the 兜底 unit (its handler).
  'order.claim_fell_back': [
    { audience: 'claim_candidates', template: 'claim.offered', channels: ['app', 'sms'] },
    { audience: 'handler', template: 'claim.fallback', when: (d) => !d.order.claim && d.order.handler !== undefined },
  ],
  'order.signed': [{ audience: 'resident', template: 'signed.resident' }],
  'order.returned': [{ audience: 'dispatchers', template: 'returned.dispatcher' }],
  'order.resolved': [{ audience: 'resident', template: 'resolved.resident' }],
  'order.explained': [{ audience: 'resident', template: 'explained.resident' }],
  'order.reopened': [{ audience: 'handler', template: 'reopened.handler' }],
  'order.reassigned': [{ audience: 'handler', template: 'reassigned.handler' }],
  'order.warning': [{ audience: 'handler', template: 'warning.handler', channels: ['app'] }],
  'order.overdue': [{ audience: 'handler', template: 'overdue.handler' }],
  'order.reminded': [{ audience: 'handler', template: 'reminded.handler' }],
  // 督办: the nearest supervising level (the township's 纪委 for a village's order), and the handler.
  'order.supervised': [
    { audience: 'supervisors', template: 'supervised.supervisor' },
    { audience: 'handler', template: 'supervised.handler', channels: ['app', 'sms'] },
  ],
  // 挂牌督办: the level above the supervising one (the county), and the handler — the new one when it was reassigned.
  'order.escalated': [
    { audience: 'upper_level', template: 'escalated.upper' },
    { audience: 'handler', template: 'escalated.handler', channels: ['app', 'sms'], when: (d) => !reassignedOnEscalation(d) },
    { audience: 'handler', template: 'reassigned.handler', when: reassignedOnEscalation },
  ],
  'order.extension_requested': [{ audience: 'dispatchers', template: 'extension.dispatcher' }],
  'order.awaiting_supervisor': [{ audience: 'supervisors', template: 'awaiting.supervisor' }],
  'order.closed': [{ audience: 'resident', template: 'closed.resident' }],
};

/** The template a group robot gets for an event: the first rule's, else a plain one. */
export function robotTemplateOf(type: OrderEventType): string {
  return noticeRules[type]?.[0]?.template ?? 'event.generic';
}
