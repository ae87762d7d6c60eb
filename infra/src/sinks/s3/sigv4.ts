import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * AWS Signature Version 4 as an S3-compatible server checks it: the request's canonical form is
 * rebuilt from what arrived (method, path as sent, sorted query, the signed headers, the payload
 * hash), signed with the secret of the access key it names, and compared with its signature.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 */

export const sigV4Algorithm = 'AWS4-HMAC-SHA256';
export const unsignedPayload = 'UNSIGNED-PAYLOAD';

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface SignedRequest {
  method: string;
  /** The request target as it arrived (`/bucket/key?x-id=PutObject`). */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Why a request is refused, as S3 names it. */
export type SigV4Failure =
  | 'AccessDenied'
  | 'AuthorizationHeaderMalformed'
  | 'InvalidAccessKeyId'
  | 'SignatureDoesNotMatch'
  | 'RequestTimeTooSkewed'
  | 'XAmzContentSHA256Mismatch'
  | 'NotImplemented';

export type SigV4Result = { ok: true; accessKeyId: string; signedHeaders: string[] } | { ok: false; code: SigV4Failure; message: string };

const hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it (also `!'()*`). */
function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, '%20'));
  } catch {
    return value;
  }
}

function canonicalQuery(query: string): string {
  if (!query) return '';
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const [name, value] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
      return [escapeUri(decode(name)), escapeUri(decode(value))] as const;
    })
    .filter(([name]) => name !== 'X-Amz-Signature')
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value.join(',') : String(value)).trim().replace(/\s+/g, ' ');
}

const authorizationPattern = /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

/** Checks one request's SigV4 signature (header form) against the one key pair the server knows. */
export function verifySigV4(request: SignedRequest, credentials: SigV4Credentials, now = new Date(), maxSkewMs = 15 * 60_000): SigV4Result {
  const authorization = headerValue(request.headers, 'authorization');
  if (!authorization) return { ok: false, code: 'AccessDenied', message: 'no Authorization header: requests must be signed' };
  if (!authorization.startsWith(`${sigV4Algorithm} `)) return { ok: false, code: 'AccessDenied', message: `only ${sigV4Algorithm} is accepted` };
  const match = authorizationPattern.exec(authorization);
  if (!match) return { ok: false, code: 'AuthorizationHeaderMalformed', message: 'the Authorization header is malformed' };
  const [, accessKeyId, date, region, service, signedHeaderList, signature] = match as unknown as [string, string, string, string, string, string, string];
  if (accessKeyId !== credentials.accessKeyId) return { ok: false, code: 'InvalidAccessKeyId', message: 'the access key id does not exist' };
  if (region !== credentials.region || service !== 's3') return { ok: false, code: 'AuthorizationHeaderMalformed', message: `the credential scope must be ${credentials.region}/s3` };

  const amzDate = headerValue(request.headers, 'x-amz-date');
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate) || !amzDate.startsWith(date)) return { ok: false, code: 'AccessDenied', message: 'x-amz-date is missing or does not match the credential date' };
  const signedAt = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15));
  if (Math.abs(now.getTime() - signedAt) > maxSkewMs) return { ok: false, code: 'RequestTimeTooSkewed', message: 'the request time is too far from the server time' };

  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date')) return { ok: false, code: 'AccessDenied', message: 'host and x-amz-date must be signed' };
  const payloadHash = headerValue(request.headers, 'x-amz-content-sha256');
  if (!payloadHash) return { ok: false, code: 'AccessDenied', message: 'x-amz-content-sha256 is required' };
  if (payloadHash.startsWith('STREAMING-')) return { ok: false, code: 'NotImplemented', message: 'chunked (streaming) uploads are not supported here' };
  if (payloadHash !== unsignedPayload && payloadHash !== hex(request.body)) return { ok: false, code: 'XAmzContentSHA256Mismatch', message: 'the body does not match x-amz-content-sha256' };

  const at = request.url.indexOf('?');
  const path = at < 0 ? request.url : request.url.slice(0, at);
  const query = at < 0 ? '' : request.url.slice(at + 1);
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${headerValue(request.headers, name) ?? ''}\n`).join('');
  const canonicalRequest = [request.method, path, canonicalQuery(query), canonicalHeaders, signedHeaderList, payloadHash].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [sigV4Algorithm, amzDate, scope, hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), region), service), 'aws4_request');
  const expected = createHmac('sha256', signingKey).update(stringToSign).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return { ok: false, code: 'SignatureDoesNotMatch', message: 'the signature does not match' };
  return { ok: true, accessKeyId, signedHeaders };
}
