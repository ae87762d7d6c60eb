import { DeliveryError, type SendOutcome } from '../channel';
import { type HttpAnswer, httpFailure, isRetryableStatus, isSuccessStatus } from '../http';
import { excerpt } from '../redact';

/** A robot's business answer: its result code (0 is success) and message, read per platform. */
export interface RobotResult {
  code?: number;
  message?: unknown;
}

/**
 * How a group robot's answer classifies: 408/429/5xx retry; a rate-limit code retries; code 0 on a
 * 2xx is sent; any other code is a refusal. An answer without a code falls back to its HTTP status.
 */
export function robotOutcome(answer: HttpAnswer, result: RobotResult, peer: string, rateLimitCodes: ReadonlySet<number>): SendOutcome {
  if (isRetryableStatus(answer.status) && !isSuccessStatus(answer.status)) throw httpFailure(answer, peer);
  if (result.code === undefined) {
    if (isSuccessStatus(answer.status)) throw new DeliveryError(`${peer}: 答复无法识别 (HTTP ${answer.status})`, true);
    throw httpFailure(answer, peer);
  }
  if (result.code === 0 && isSuccessStatus(answer.status)) return { status: 'sent' };
  const detail = excerpt(result.message);
  throw new DeliveryError(`${peer}: 错误码 ${result.code}${detail ? ` ${detail}` : ''}`, rateLimitCodes.has(result.code));
}

/** A numeric field of a JSON answer, when present. */
export function numberField(json: unknown, ...names: string[]): number | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  for (const name of names) {
    const value = (json as Record<string, unknown>)[name];
    if (typeof value === 'number') return value;
  }
  return undefined;
}

/** A field of a JSON answer, the first of `names` present. */
export function field(json: unknown, ...names: string[]): unknown {
  if (typeof json !== 'object' || json === null) return undefined;
  for (const name of names) {
    const value = (json as Record<string, unknown>)[name];
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The robot's URL checked once: a bad one is a refusal (named without the URL, which holds the key). */
export function robotUrl(url: string, peer: string): URL {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return parsed;
  } catch {
    // falls through to the refusal
  }
  throw new DeliveryError(`${peer}: webhook 地址无效`, false);
}

export const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json; charset=utf-8' };

/** The title line of an urgent message is marked, so it stands out in a busy group. */
export function titled(subject: string, urgent: boolean): string {
  return `${urgent ? '【紧急】' : ''}${subject}`;
}
