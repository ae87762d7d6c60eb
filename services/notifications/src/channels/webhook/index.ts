import { DeliveryError, type ChannelSender, type OutgoingMessage, type SendOutcome } from '../channel';
import { SEND_TIMEOUT_MS, type SendContext } from '../http';
import { excerpt } from '../redact';
import { sendDingtalk } from './dingtalk';
import { sendFeishu } from './feishu';
import { sendGeneric } from './generic';
import { sendWecom } from './wecom';

export { dingtalkSign } from './dingtalk';
export { feishuSign } from './feishu';
export { genericWebhookSignature, verifyGenericWebhookSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './generic';

export interface WebhookSenderOptions {
  /** Per-attempt time limit; 10 s by default. */
  timeoutMs?: number;
}

/**
 * The webhook channel: one sender for every group-robot format, choosing by the message's
 * `webhook.format` (企业微信, 钉钉, 飞书 or a generic signed webhook).
 */
export function webhookSender(options: WebhookSenderOptions = {}): ChannelSender {
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  return {
    channel: 'webhook',
    provider: 'webhook',
    send(message: OutgoingMessage, signal?: AbortSignal): Promise<SendOutcome> {
      const target = message.webhook;
      if (!target) return Promise.reject(new DeliveryError('Webhook: 消息缺少 webhook 目标', false));
      const context: SendContext = { signal, timeoutMs };
      switch (target.format) {
        case 'wecom':
          return sendWecom(target, message, context);
        case 'dingtalk':
          return sendDingtalk(target, message, context);
        case 'feishu':
          return sendFeishu(target, message, context);
        case 'generic':
          return sendGeneric(target, message, context);
        default:
          return Promise.reject(new DeliveryError(`Webhook: 不支持的格式 ${excerpt(String((target as { format: unknown }).format), 40)}`, false));
      }
    },
  };
}
