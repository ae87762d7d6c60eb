import type { OutgoingMessage, SendOutcome, WebhookTarget } from '../channel';
import { postJson, type SendContext } from '../http';
import { JSON_HEADERS, numberField, field, robotOutcome, robotUrl, titled } from './answer';

const PEER = '企业微信机器人';
/** 45009: the robot's rate limit (20 messages a minute). */
const RATE_LIMITED = new Set([45009]);
/** WeCom refuses markdown content over 4096 bytes. */
const MAX_CONTENT_BYTES = 4096;

/** The markdown a WeCom group sees: the subject as a heading, an urgent flag in warning colour, then the text. */
export function wecomMarkdown(message: OutgoingMessage): string {
  const heading = `### ${titled(message.subject, message.urgent)}`;
  const flag = message.urgent ? '\n<font color="warning">请尽快处理</font>' : '';
  return truncateUtf8(`${heading}${flag}\n${message.text}`, MAX_CONTENT_BYTES);
}

/**
 * 企业微信群机器人: POST `{ msgtype: 'markdown' }` to the robot's URL (its key is in the URL, there is
 * no signature). `errcode: 0` is sent; 45009 is a rate limit and retries; other codes are refusals.
 */
export async function sendWecom(target: WebhookTarget, message: OutgoingMessage, context: SendContext): Promise<SendOutcome> {
  const url = robotUrl(target.url, PEER);
  const body = JSON.stringify({ msgtype: 'markdown', markdown: { content: wecomMarkdown(message) } });
  const answer = await postJson(url.href, body, { ...context, headers: { ...JSON_HEADERS }, peer: PEER });
  return robotOutcome(answer, { code: numberField(answer.json, 'errcode'), message: field(answer.json, 'errmsg') }, PEER, RATE_LIMITED);
}

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character. */
function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes - 3) break;
    out += char;
    bytes += size;
  }
  return `${out}…`;
}
