import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@lianxin/platform';
import { loadConsoleConfig } from '../src/config';
import { startConsole, type RunningConsole } from '../src/server';

const services = { residents: 'http://127.0.0.1:8081', cadres: 'http://127.0.0.1:8082', notifications: 'http://127.0.0.1:8083' };

describe('console server', () => {
  let dist: string;
  let running: RunningConsole;

  beforeAll(async () => {
    dist = mkdtempSync(path.join(os.tmpdir(), 'console-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>连心桥工作台</title><div id="root"></div>');
    writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    running = await startConsole({ port: 0, issuer: 'http://127.0.0.1:8084/', services, distDir: dist, log: createLogger('console', 'silent') });
  });

  afterAll(async () => {
    await running.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('tells the app where to sign in and where the services are', async () => {
    const response = await fetch(`${running.url}/config.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ issuer: 'http://127.0.0.1:8084', clientId: 'lianxin-console', services });
  });

  it('answers every app route and /callback with index.html, never cached', async () => {
    for (const route of ['/', '/callback?code=x&state=y', '/dispatcher', '/orders/LX20261126-0001', '/track']) {
      const response = await fetch(`${running.url}${route}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<div id="root">');
    }
  });

  it('caches hashed assets for a year and answers a missing asset with 404, not the app', async () => {
    const asset = await fetch(`${running.url}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(`${running.url}/assets/gone-000.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('sends a strict Content-Security-Policy naming the provider and the services', async () => {
    const csp = (await fetch(`${running.url}/`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    for (const origin of ['http://127.0.0.1:8084', 'http://127.0.0.1:8081', 'http://127.0.0.1:8082', 'http://127.0.0.1:8083']) expect(csp).toContain(origin);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('is ready once the build is there', async () => {
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
  });
});

describe('console configuration', () => {
  it('defaults to the development ports', () => {
    expect(loadConsoleConfig({})).toEqual({
      port: 8085,
      issuer: 'http://127.0.0.1:8084',
      clientId: 'lianxin-console',
      services,
    });
  });

  it('takes the services from the environment and refuses a bad URL', () => {
    const config = loadConsoleConfig({ CONSOLE_PORT: '9085', RESIDENTS_URL: 'https://residents.example.org/', CADRES_URL: '', NOTIFICATIONS_URL: 'http://n:1' });
    expect(config.port).toBe(9085);
    expect(config.services).toEqual({ residents: 'https://residents.example.org', cadres: 'http://127.0.0.1:8082', notifications: 'http://n:1' });
    expect(() => loadConsoleConfig({ RESIDENTS_URL: 'not a url' })).toThrow(/RESIDENTS_URL/);
  });
});
