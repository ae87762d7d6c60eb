/**
 * One interface for every outbound channel (SMS, email, group-robot webhooks). The delivery
 * engine (`../delivery/`) owns the state machine, retries and exactly-once bookkeeping; a sender
 * only makes one attempt and says how it went.
 */

/** The outbound channels; `app` (in-app notices) is delivered by the service itself, not a sender. */
export type OutboundChannel = 'sms' | 'email' | 'webhook';

/** The group-robot formats a webhook endpoint speaks. */
export type WebhookFormat = 'wecom' | 'dingtalk' | 'feishu' | 'generic';

export interface WebhookTarget {
  format: WebhookFormat;
  url: string;
  /** DingTalk/Feishu signing secret, or the generic webhook's HMAC key; WeCom has none (the key is in the URL). */
  secret?: string;
}

/** One message to one address, rendered already. */
export interface OutgoingMessage {
  /** The delivery's id: the same on every attempt, so providers and receivers can drop repeats. */
  deliveryId: string;
  channel: OutboundChannel;
  /** sms: a mainland mobile number (11 digits); email: an address; webhook: unused (see `webhook`). */
  to: string;
  /** email subject; webhook title (markdown heading). */
  subject: string;
  /** The full text (zh-CN first). */
  text: string;
  /** SMS template code and its parameters (how Chinese SMS is sent: only approved templates). */
  template?: { code: string; params: Record<string, string> };
  webhook?: WebhookTarget;
  /** What it is about, for headers and receivers. */
  eventType: string;
  orderId: string;
  /** Sent as urgent (emergency orders, 督办): SMS/IM priority, email `Importance: high`. */
  urgent: boolean;
}

/**
 * How an attempt went: `delivered` when the provider confirmed delivery to the person (e.g. the
 * local gateway, an SMTP server that accepted it for a local mailbox), `sent` when the provider
 * accepted it for delivery.
 */
export interface SendOutcome {
  status: 'sent' | 'delivered';
  /** The provider's message id (Aliyun BizId, Tencent SerialNo, SMTP message id, …). */
  providerMessageId?: string;
}

/** A failed attempt. `retryable: false` (bad number, template refused, 4xx) goes straight to failed. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface ChannelSender {
  readonly channel: OutboundChannel;
  /** Which provider (`gateway`, `aliyun`, `tencent`, `smtp`, `webhook`): recorded with each attempt. */
  readonly provider: string;
  /** One attempt; resolves with the outcome or rejects with a DeliveryError (anything else counts as retryable). */
  send(message: OutgoingMessage, signal?: AbortSignal): Promise<SendOutcome>;
  close?(): Promise<void>;
}
