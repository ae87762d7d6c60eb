import { DeliveryError } from './channel';
import { excerpt } from './redact';

/** Every outbound call gives up after this long: a provider that hangs must not hold a delivery. */
export const SEND_TIMEOUT_MS = 10_000;

/** What one attempt may be cut short by: the caller's signal and our own time limit. */
export interface SendContext {
  signal?: AbortSignal;
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  text: string;
  /** The answer parsed as JSON; undefined when it is not JSON. */
  json: unknown;
}

export interface PostOptions extends SendContext {
  headers: Record<string, string>;
  /** Who is called, for error messages (never the URL: robot URLs carry their keys). */
  peer: string;
}

/**
 * POSTs a JSON body and reads the answer. Network failures, time-outs and cancellation reject with
 * a retryable DeliveryError; any HTTP answer resolves (the caller classifies it). Redirects are not
 * followed, so a body is never re-sent somewhere else.
 */
export async function postJson(url: string, rawBody: string, options: PostOptions): Promise<HttpAnswer> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await fetch(url, { method: 'POST', headers: options.headers, body: rawBody, signal, redirect: 'manual' });
    const text = await response.text();
    return { status: response.status, text, json: parseJson(text) };
  } catch (error) {
    throw transportFailure(error, options.peer, options);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A call that got no answer: cancelled, timed out or not connected. Always worth another attempt. */
export function transportFailure(error: unknown, peer: string, context: SendContext): DeliveryError {
  if (context.signal?.aborted) return new DeliveryError(`${peer}: 发送已取消`, true);
  // Duck-typed, not `instanceof Error`: fetch's and the SDKs' errors may come from another realm.
  if (/Timeout/.test(String(property(error, 'name')))) {
    return new DeliveryError(`${peer}: ${context.timeoutMs / 1000} 秒内无答复`, true);
  }
  const code = errorCode(error);
  return new DeliveryError(`${peer}: 连接失败${code ? ` (${code})` : ''}`, true);
}

/** The system error code of a failed call (ECONNREFUSED, ENOTFOUND, …), never its message (it may hold the URL). */
function errorCode(error: unknown): string | undefined {
  const code = property(property(error, 'cause'), 'code') ?? property(error, 'code');
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code) ? code : undefined;
}

/** A property of an unknown thrown value, if it is an object that has one. */
export function property(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

/** 4xx means the request itself was refused (a repeat gets the same); 408, 429, 5xx and the rest may pass later. */
export function isRetryableStatus(status: number): boolean {
  return !(status >= 400 && status < 500 && status !== 408 && status !== 429);
}

/** The error for a non-2xx answer, classified by its status. */
export function httpFailure(answer: HttpAnswer, peer: string): DeliveryError {
  const detail = excerpt(answer.text);
  return new DeliveryError(`${peer}: HTTP ${answer.status}${detail ? ` ${detail}` : ''}`, isRetryableStatus(answer.status));
}

/**
 * Settles with `work`, or rejects with a retryable DeliveryError as soon as `signal` aborts: for SDK
 * calls that take no signal (their own time limit still ends the request underneath).
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, peer: string): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new DeliveryError(`${peer}: 发送已取消`, true));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DeliveryError(`${peer}: 发送已取消`, true));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
