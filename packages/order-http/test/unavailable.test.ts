import { createServer, type AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { authenticate, closeServer, createHttpApp, createLogger, finishHttpApp, listen, type AuditSinkEntry } from '@lianxin/platform';
import mongoose from 'mongoose';
import { commandKeysModel, orderCommandRoutes } from '../src';

/** A port that was free a moment ago: nothing answers there. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The command route with a real Temporal client whose server does not answer: the request
 * fails within the call's deadline as a 503 problem with Retry-After, never a 500 or a hang.
 */
describe('the order engine unavailable', () => {
  it('answers a command with 503, Retry-After and a problem body', async () => {
    const connection = Connection.lazy({ address: `127.0.0.1:${await deadPort()}` });
    const client = new Client({ connection, namespace: 'lianxin-test' });
    const log = createLogger('unavailable-test', 'silent');
    const app = createHttpApp({ service: 'test', log, readiness: async () => ({}) });
    // A dispatcher signed in (the token check is the real one's shape; sign-in itself is tested over the real provider).
    app.use(authenticate(async () => ({ id: 'mem-1', roles: ['dispatcher'], organisationId: 'org-yeshan' })));
    const audited: AuditSinkEntry[] = [];
    // No Idempotency-Key is sent, so the key store (never connected here) is not used.
    app.use(
      orderCommandRoutes(client, {
        allowed: ['accept'],
        keys: commandKeysModel(mongoose.createConnection()),
        audit: { append: async (entry) => void audited.push(entry) },
        recordDenied: () => undefined,
      }),
    );
    finishHttpApp(app, log);
    const server = await listen(app, 0);
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/orders/LX20260101-ABCDEFGH/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer any.signed.token' },
        body: JSON.stringify({ type: 'accept' }),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ type: 'urn:lianxin:problem:engine-unavailable', status: 503 });
      // Not the caller's fault, so not a refusal: nothing happened to record.
      expect(audited).toEqual([]);
    } finally {
      await closeServer(server);
      await connection.close().catch(() => undefined);
    }
  }, 60_000);
});
