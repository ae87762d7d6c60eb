import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { defaultPayloadConverter } from '@temporalio/common';
import express, { type Request } from 'express';
import { codecServerRouter, createPayloadCodec, parseKeyRing, type CodecServerOptions } from '../src';
import { keyEntry } from './keys';

const uiOrigin = 'http://127.0.0.1:8233';
const intake = { resident: { name: '王秀英', phone: '13912345678' } };
const codec = createPayloadCodec(parseKeyRing(keyEntry('p1')));
const b64 = (value: string) => Buffer.from(value).toString('base64');

interface JsonPayload {
  metadata: Record<string, string>;
  data?: string;
}

async function serve(options: Partial<CodecServerOptions> = {}): Promise<{ url: string; server: Server }> {
  const app = express();
  app.use('/codec', codecServerRouter({ codec, authorise: async () => undefined, uiOrigins: uiOrigin, ...options }));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/codec`, server };
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': 'lianxin', authorization: 'Bearer operator', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function toJson(payload: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(payload.data ?? []).toString('base64'),
  };
}

describe('the codec endpoint (Temporal remote codec protocol)', () => {
  it('decodes what the workers encoded, and encodes what it decodes, as proto3 JSON', async () => {
    const seen: Request[] = [];
    const { url, server } = await serve({ authorise: async (req) => void seen.push(req) });
    try {
      const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload(intake)]);
      const decodedResponse = await post(`${url}/decode`, { payloads: [toJson(encrypted!)] });
      expect(decodedResponse.status).toBe(200);
      expect(decodedResponse.headers.get('cache-control')).toBe('no-store');
      const decoded = (await decodedResponse.json()) as { payloads: JsonPayload[] };
      expect(decoded.payloads[0]!.metadata.encoding).toBe(b64('json/plain'));
      expect(JSON.parse(Buffer.from(decoded.payloads[0]!.data!, 'base64').toString('utf8'))).toEqual(intake);

      const encodedResponse = await post(`${url}/encode`, decoded);
      const encoded = (await encodedResponse.json()) as { payloads: JsonPayload[] };
      expect(encoded.payloads[0]!.metadata.encoding).toBe(b64('binary/encrypted'));
      expect(encoded.payloads[0]!.metadata['encryption-key-id']).toBe(b64('p1'));
      const roundTrip = (await (await post(`${url}/decode`, encoded)).json()) as { payloads: JsonPayload[] };
      expect(roundTrip).toEqual(decoded);

      expect(seen).toHaveLength(3);
      expect(seen[0]!.get('x-namespace')).toBe('lianxin');
      expect(seen[0]!.get('authorization')).toBe('Bearer operator');
    } finally {
      await close(server);
    }
  });

  it('refuses when authorise throws, before reading the body', async () => {
    let decoded = false;
    const spy = { ...codec, decode: async (p: never[]) => ((decoded = true), p) } as unknown as typeof codec;
    const { url, server } = await serve({ codec: spy, authorise: async () => Promise.reject(new Error('not an operator')) });
    try {
      const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload(intake)]);
      const refused = await post(`${url}/decode`, { payloads: [toJson(encrypted!)] }, { origin: uiOrigin });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('access-control-allow-origin')).toBe(uiOrigin); // so the UI can show why
      const body = await refused.text();
      expect(body).not.toContain('13912345678');
      expect(body).not.toContain('not an operator');
      expect(decoded).toBe(false);
      const oversizedAndRefused = await post(`${url}/decode`, 'x'.repeat(10 * 1024 * 1024));
      expect(oversizedAndRefused.status).toBe(403);
    } finally {
      await close(server);
    }
  });

  it('answers 401 with a Bearer challenge when the refusal says so', async () => {
    const unauthenticated = Object.assign(new Error('no token'), { status: 401 });
    const { url, server } = await serve({ authorise: async () => Promise.reject(unauthenticated) });
    try {
      const response = await post(`${url}/encode`, { payloads: [] });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    } finally {
      await close(server);
    }
  });

  it('answers the Temporal UI preflight, and no other origin', async () => {
    const { url, server } = await serve();
    try {
      const preflight = (origin: string) =>
        fetch(`${url}/decode`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-namespace' },
        });
      const allowed = await preflight(uiOrigin);
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(uiOrigin);
      expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
      expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase().split(/,\s*/).sort()).toEqual(['authorization', 'content-type', 'x-namespace']);
      expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
      expect(allowed.headers.get('vary')).toContain('Origin');
      const other = await preflight('https://evil.example');
      expect(other.status).toBe(403);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const simple = await post(`${url}/decode`, { payloads: [] }, { origin: 'https://evil.example' });
      expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await close(server);
    }
  });

  it('limits the body and refuses bodies not in the protocol shape or that do not decode', async () => {
    const { url, server } = await serve({ bodyLimit: 1024 });
    try {
      expect((await post(`${url}/decode`, { payloads: [{ metadata: {}, data: 'A'.repeat(2048) }] })).status).toBe(413);
      expect((await post(`${url}/decode`, '{not json')).status).toBe(400);
      expect((await post(`${url}/decode`, { payload: [] })).status).toBe(400);
      expect((await post(`${url}/decode`, { payloads: [{ metadata: { encoding: 'json plain!' } }] })).status).toBe(400);
      const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload('x')]);
      const tampered = toJson(encrypted!);
      tampered.data = Buffer.from(Buffer.from(tampered.data!, 'base64').map((byte, i) => (i === 14 ? byte ^ 1 : byte))).toString('base64');
      const refused = await post(`${url}/decode`, { payloads: [tampered] });
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect((await post(`${url}/decode`, { payloads: [] })).status).toBe(200);
    } finally {
      await close(server);
    }
  });
});
