import { createHmac } from 'node:crypto';
import type { OutgoingMessage, SendOutcome, WebhookTarget } from '../channel';
import { postJson, type SendContext } from '../http';
import { JSON_HEADERS, numberField, field, robotOutcome, robotUrl, titled } from './answer';

const PEER = '飞书机器人';
/** 9499 and 11232: request frequency limits. */
const RATE_LIMITED = new Set([9499, 11232]);

/**
 * Feishu's 签名校验: `${timestamp}\n${secret}` (timestamp in seconds) is the HMAC-SHA256 KEY and the
 * message is empty; the digest in Base64 is the `sign`.
 */
export function feishuSign(timestampSeconds: number, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** A rich-text post (title and one paragraph per line) when there is a subject, plain text otherwise. */
export function feishuContent(message: OutgoingMessage): { msg_type: 'post' | 'text'; content: object } {
  if (!message.subject) return { msg_type: 'text', content: { text: message.text } };
  const lines = message.text.split(/\r?\n/).map((line) => [{ tag: 'text', text: line }]);
  return { msg_type: 'post', content: { post: { zh_cn: { title: titled(message.subject, message.urgent), content: lines } } } };
}

/**
 * 飞书自定义机器人: POST `{ timestamp, sign, msg_type, content }` (timestamp and sign only with a
 * secret). `code: 0` (older answers: `StatusCode: 0`) is sent; 9499/11232 retry; other codes are refusals.
 */
export async function sendFeishu(target: WebhookTarget, message: OutgoingMessage, context: SendContext): Promise<SendOutcome> {
  const url = robotUrl(target.url, PEER);
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = target.secret ? { timestamp: String(timestamp), sign: feishuSign(timestamp, target.secret) } : {};
  const body = JSON.stringify({ ...signature, ...feishuContent(message) });
  const answer = await postJson(url.href, body, { ...context, headers: { ...JSON_HEADERS }, peer: PEER });
  const result = { code: numberField(answer.json, 'code', 'StatusCode'), message: field(answer.json, 'msg', 'StatusMessage') };
  return robotOutcome(answer, result, PEER, RATE_LIMITED);
}
