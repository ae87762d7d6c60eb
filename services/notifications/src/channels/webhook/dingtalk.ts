import { createHmac } from 'node:crypto';
import type { OutgoingMessage, SendOutcome, WebhookTarget } from '../channel';
import { postJson, type SendContext } from '../http';
import { JSON_HEADERS, numberField, field, robotOutcome, robotUrl, titled } from './answer';

const PEER = '钉钉机器人';
/** 130101: sent too fast (20 messages a minute per robot). */
const RATE_LIMITED = new Set([130101]);

/**
 * DingTalk's 加签: HMAC-SHA256 keyed with the secret over `${timestamp}\n${secret}` (timestamp in
 * milliseconds), Base64. Answered as the raw Base64; it is URL-encoded where it joins the URL.
 */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** The robot URL with `&timestamp=…&sign=…` appended when a secret is set. */
export function dingtalkSignedUrl(url: URL, secret: string | undefined, timestampMs: number): string {
  if (!secret) return url.href;
  const separator = url.search ? '&' : '?';
  return `${url.href}${separator}timestamp=${timestampMs}&sign=${encodeURIComponent(dingtalkSign(timestampMs, secret))}`;
}

/**
 * 钉钉自定义机器人: POST `{ msgtype: 'markdown' }`, signed in the URL when the robot has a secret.
 * `errcode: 0` is sent; 130101 (too fast) retries; other codes are refusals.
 */
export async function sendDingtalk(target: WebhookTarget, message: OutgoingMessage, context: SendContext): Promise<SendOutcome> {
  const url = dingtalkSignedUrl(robotUrl(target.url, PEER), target.secret, Date.now());
  const title = titled(message.subject, message.urgent);
  // DingTalk markdown breaks lines only on a blank line.
  const text = `### ${title}\n\n${message.text.replace(/\r?\n/g, '\n\n')}`;
  const body = JSON.stringify({ msgtype: 'markdown', markdown: { title, text } });
  const answer = await postJson(url, body, { ...context, headers: { ...JSON_HEADERS }, peer: PEER });
  return robotOutcome(answer, { code: numberField(answer.json, 'errcode'), message: field(answer.json, 'errmsg') }, PEER, RATE_LIMITED);
}
