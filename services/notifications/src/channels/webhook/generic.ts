import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { OutgoingMessage, SendOutcome, WebhookTarget } from '../channel';
import { httpFailure, isSuccessStatus, postJson, type SendContext } from '../http';
import { JSON_HEADERS, robotUrl } from './answer';

const PEER = 'Webhook';

export const TIMESTAMP_HEADER = 'X-Lianxin-Timestamp';
export const SIGNATURE_HEADER = 'X-Lianxin-Signature';

/** `sha256=` + hex HMAC-SHA256, keyed with the secret, of `${timestamp}.${rawBody}` (timestamp in seconds). */
export function genericWebhookSignature(rawBody: string | Buffer, secret: string, timestampSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.`, 'utf8').update(rawBody);
  return `sha256=${mac.digest('hex')}`;
}

/**
 * For receivers: whether a request carries a valid signature made with `secret` within
 * `toleranceSeconds` of now. Takes the raw body exactly as received, and Node's or fetch's headers.
 * More than one signature (comma-separated, during a key change) passes when any one matches.
 */
export function verifyGenericWebhookSignature(
  rawBody: string | Buffer,
  headers: IncomingHttpHeaders | Headers | Record<string, string | string[] | undefined>,
  secret: string,
  toleranceSeconds = 300,
): boolean {
  const timestamp = header(headers, TIMESTAMP_HEADER);
  const signatures = header(headers, SIGNATURE_HEADER);
  if (!timestamp || !signatures || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(Math.floor(Date.now() / 1000) - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(genericWebhookSignature(rawBody, secret, Number(timestamp)), 'utf8');
  return signatures.split(',').some((candidate) => {
    const given = Buffer.from(candidate.trim(), 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** One header's value, whatever the headers' shape and the name's case. */
function header(headers: IncomingHttpHeaders | Headers | Record<string, string | string[] | undefined>, name: string): string | undefined {
  if (typeof headers.get === 'function') return (headers as Headers).get(name) ?? undefined; // fetch Headers, of any realm
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value.join(',') : (value ?? undefined);
  }
  return undefined;
}

/**
 * A generic webhook: POST the notification as JSON with the delivery id as Idempotency-Key, signed
 * (X-Lianxin-Timestamp, X-Lianxin-Signature) when the target has a secret. 2xx is sent; 4xx other
 * than 408/429 is a refusal; anything else retries.
 */
export async function sendGeneric(target: WebhookTarget, message: OutgoingMessage, context: SendContext): Promise<SendOutcome> {
  const url = robotUrl(target.url, PEER);
  const body = JSON.stringify({
    id: message.deliveryId,
    type: message.eventType,
    orderId: message.orderId,
    subject: message.subject,
    text: message.text,
    urgent: message.urgent,
    sentAt: new Date().toISOString(),
  });
  const headers: Record<string, string> = { ...JSON_HEADERS, 'Idempotency-Key': message.deliveryId };
  if (target.secret) {
    const timestamp = Math.floor(Date.now() / 1000);
    headers[TIMESTAMP_HEADER] = String(timestamp);
    headers[SIGNATURE_HEADER] = genericWebhookSignature(body, target.secret, timestamp);
  }
  const answer = await postJson(url.href, body, { ...context, headers, peer: PEER });
  if (!isSuccessStatus(answer.status)) throw httpFailure(answer, PEER);
  const id = typeof answer.json === 'object' && answer.json !== null ? (answer.json as { id?: unknown }).id : undefined;
  return { status: 'sent', ...(typeof id === 'string' && id ? { providerMessageId: id } : {}) };
}
