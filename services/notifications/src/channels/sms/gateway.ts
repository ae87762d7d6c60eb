import { z } from 'zod';
import { DeliveryError, type ChannelSender, type OutgoingMessage, type SendOutcome } from '../channel';
import { httpFailure, isSuccessStatus, postJson, SEND_TIMEOUT_MS } from '../http';
import { mainlandMobile } from './phone';

export interface GatewaySmsOptions {
  /** The gateway's base URL, e.g. `http://127.0.0.1:8025/sms`; messages go to `${url}/v1/messages`. */
  url: string;
  /** Sent as `Authorization: Bearer <token>` when set. */
  token?: string;
  /** The 短信签名 the gateway should put on messages, when it does not choose one itself. */
  signName?: string;
  timeoutMs?: number;
}

/** The gateway's answer to an accepted message. */
const GatewayAnswer = z.object({
  messageId: z.string().min(1),
  status: z.enum(['delivered', 'accepted']),
});

const PEER = '短信网关';

/**
 * The embedded default SMS sender: one JSON POST to the lianxin SMS gateway (the development
 * stand-in, or an operator's own gateway). The delivery id is the idempotency key, so the gateway
 * drops a repeated attempt.
 */
export function gatewaySmsSender(options: GatewaySmsOptions): ChannelSender {
  const endpoint = `${options.url.replace(/\/+$/, '')}/v1/messages`;
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  return {
    channel: 'sms',
    provider: 'gateway',
    async send(message: OutgoingMessage, signal?: AbortSignal): Promise<SendOutcome> {
      const body = JSON.stringify({
        id: message.deliveryId,
        to: mainlandMobile(message.to),
        signName: options.signName,
        templateCode: message.template?.code,
        params: message.template?.params ?? {},
        text: message.text,
        eventType: message.eventType,
        orderId: message.orderId,
        urgent: message.urgent,
      });
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'Idempotency-Key': message.deliveryId,
        ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      };
      const answer = await postJson(endpoint, body, { headers, signal, timeoutMs, peer: PEER });
      if (!isSuccessStatus(answer.status)) throw httpFailure(answer, PEER);
      const accepted = GatewayAnswer.safeParse(answer.json);
      // Unreadable but 2xx: another attempt is safe, the idempotency key makes the gateway drop it if it was taken.
      if (!accepted.success) throw new DeliveryError(`${PEER}: 答复无法识别 (HTTP ${answer.status})`, true);
      return {
        status: accepted.data.status === 'delivered' ? 'delivered' : 'sent',
        providerMessageId: accepted.data.messageId,
      };
    },
  };
}
