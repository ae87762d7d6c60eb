import nodemailer, { type NodemailerError } from 'nodemailer';
import { DeliveryError, type ChannelSender, type OutgoingMessage, type SendOutcome } from '../channel';
import { transportFailure } from '../http';
import { excerpt } from '../redact';

export interface SmtpEmailOptions {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. Defaults to `port === 465`. */
  secure?: boolean;
  user?: string;
  pass?: string;
  /** The From address, e.g. `连心桥 <noreply@lianxin.local>`. */
  from: string;
  /** Connection and greeting time limit; 10 s by default. */
  timeoutMs?: number;
}

const PEER = 'SMTP';

/** RFC 5322 atext without `=`; everything else (and `=` itself) is written as =XX per UTF-8 byte, so distinct ids stay distinct. */
const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/?^_`{|}~]$/;

/** The Message-ID of a delivery: `<deliveryId@lianxin>`, with the id reduced to atom characters. */
export function deliveryMessageId(deliveryId: string): string {
  let local = '';
  for (const char of deliveryId) {
    if (ATEXT.test(char)) local += char;
    else for (const byte of Buffer.from(char, 'utf8')) local += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `<${local || 'delivery'}@lianxin>`;
}

/**
 * Email over SMTP through a pooled nodemailer transport: UTF-8 text (zh-CN), a Message-ID derived
 * from the delivery id (a repeated attempt carries the same one, so mail systems can fold it) and
 * X-Lianxin-* headers naming the delivery, order and event.
 */
export function smtpEmailSender(options: SmtpEmailOptions): ChannelSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({
    pool: true,
    host: options.host,
    port: options.port,
    secure: options.secure ?? options.port === 465,
    ...(options.user ? { auth: { user: options.user, pass: options.pass ?? '' } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 3,
  });
  return {
    channel: 'email',
    provider: 'smtp',
    async send(message: OutgoingMessage, signal?: AbortSignal): Promise<SendOutcome> {
      const messageId = deliveryMessageId(message.deliveryId);
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          messageId,
          headers: {
            'Content-Language': 'zh-CN',
            'X-Lianxin-Delivery': message.deliveryId,
            'X-Lianxin-Order': message.orderId,
            'X-Lianxin-Event': message.eventType,
            ...(message.urgent ? { Importance: 'high', 'X-Priority': '1' } : {}),
          },
          ...(signal ? { signal } : {}),
        });
        return { status: 'sent', providerMessageId: queueId(info.response) ?? info.messageId ?? messageId };
      } catch (error) {
        throw smtpFailure(error, { signal, timeoutMs });
      }
    },
    async close() {
      transport.close();
    },
  };
}

/** The server's queue id from its 250 answer (`250 2.0.0 Ok: queued as 4Bf3xK1`), when it names one. */
function queueId(response: string | undefined): string | undefined {
  return response ? /queued as\s+<?([\w.@-]+)>?/i.exec(response)?.[1] : undefined;
}

/**
 * SMTP 5xx (except 503) is a permanent refusal; 4xx and failed connections may pass later. A failed
 * login is ours to fix, not the message's fault, so it stays retryable.
 */
function smtpFailure(error: unknown, context: { signal?: AbortSignal; timeoutMs: number }): DeliveryError {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as NodemailerError;
  if (typeof failure.responseCode === 'number') {
    const permanent = failure.code !== 'EAUTH' && (failure.permanent ?? (failure.responseCode >= 500 && failure.responseCode !== 503));
    return new DeliveryError(`${PEER}: ${failure.responseCode} ${excerpt(failure.response)}`.trim(), !permanent);
  }
  if (failure.code === 'EENVELOPE') return new DeliveryError(`${PEER}: 收件地址无效`, false);
  return transportFailure(error, PEER, context);
}
