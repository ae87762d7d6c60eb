import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { closeServer, createHttpApp, finishHttpApp, listen } from '../src/http';
import { createLogger } from '../src/logger';

/** The HTTP app every service is built on, served for real on a free port. */
describe('the services\' HTTP app', () => {
  const log = createLogger('http-test', 'silent');
  const app = createHttpApp({ service: 'test', log, readiness: async () => ({ ok: true }) });
  const router = Router();
  router.get('/api/v1/things/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  router.post('/api/v1/things', (req, res) => {
    res.status(201).json(req.body);
  });
  app.use(router);
  finishHttpApp(app, log);
  let base = '';
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen(app, 0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await closeServer(server);
  });

  it('answers a malformed percent-escape in a path with a 400 problem, not a 500', async () => {
    const response = await fetch(`${base}/api/v1/things/%E0`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ type: 'urn:lianxin:problem:malformed-path', status: 400 });
    expect((await (await fetch(`${base}/api/v1/things/%E4%B8%AD`)).json())).toEqual({ id: '中' });
  });

  it('answers malformed JSON with 400 and an unknown route with 404, both as problems', async () => {
    const malformed = await fetch(`${base}/api/v1/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ type: 'urn:lianxin:problem:malformed-json' });
    const missing = await fetch(`${base}/api/v1/nothing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });
});
