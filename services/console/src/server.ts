import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import {
  closeServer,
  createHttpApp,
  createLogger,
  finishHttpApp,
  HttpProblem,
  listen,
  sendProblem,
  type ContentSecurityPolicyDirectives,
  type Logger,
} from '@lianxin/platform';
import type { ConsoleServices } from './config';

/** Where the built browser app lives (`npm run build:web -w @lianxin/console`, or `ensureConsoleBuilt()`). */
export const consoleDistDir = path.resolve(__dirname, '../dist');

export interface ConsoleOptions {
  port: number;
  /** The OpenID provider's issuer (the browser fetches its discovery document and tokens there). */
  issuer: string;
  /** The services' base URLs as the browser reaches them. */
  services: ConsoleServices;
  /** The console's client at the provider. */
  clientId?: string;
  /** Where the built app is; default `consoleDistDir`. */
  distDir?: string;
  host?: string;
  log?: Logger;
}

export interface RunningConsole {
  url: string;
  close(): Promise<void>;
}

/** What the browser app loads before it renders (`web/src/config.ts`). */
export interface ConsoleClientConfig {
  issuer: string;
  clientId: string;
  services: ConsoleServices;
}

const originOf = (url: string) => new URL(url).origin;

/**
 * The console's Content-Security-Policy: scripts from the console itself only (no inline script,
 * no eval), network calls to the console, the identity provider and the three services, images
 * from the console and blob: (diary photos fetched with the bearer token), no frames, no plugins.
 * Styles allow 'unsafe-inline': antd writes its component styles at run time (CSS-in-JS).
 */
export function consoleContentSecurityPolicy(issuer: string, services: ConsoleServices): ContentSecurityPolicyDirectives {
  const connect = [...new Set([issuer, services.residents, services.cadres, services.notifications].map(originOf))];
  return {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...connect],
    'manifest-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
  };
}

/** Hashed build output (`/assets/<name>-<hash>.js`) never changes under its name: cached for a year. */
const immutable = 'public, max-age=31536000, immutable';
/** index.html and everything unhashed: asked again every time (a new build shows at once). */
const revalidate = 'no-cache';

/**
 * The console server: the built browser app with an SPA fallback (index.html for `/callback` and
 * every app route), `GET /config.json` (issuer, client id and the services' URLs the app uses),
 * `/healthz` and `/readyz` (ready once the build is there), strict security headers.
 */
export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const log = options.log ?? createLogger('console');
  const distDir = options.distDir ?? consoleDistDir;
  const indexFile = path.join(distDir, 'index.html');
  const clientConfig: ConsoleClientConfig = {
    issuer: options.issuer.replace(/\/+$/, ''),
    clientId: options.clientId ?? 'lianxin-console',
    services: {
      residents: options.services.residents.replace(/\/+$/, ''),
      cadres: options.services.cadres.replace(/\/+$/, ''),
      notifications: options.services.notifications.replace(/\/+$/, ''),
    },
  };

  const app = createHttpApp({
    service: 'console',
    log,
    readiness: async () => ({ build: existsSync(indexFile) }),
    securityHeaders: { contentSecurityPolicy: consoleContentSecurityPolicy(clientConfig.issuer, clientConfig.services) },
    // The console calls the services; nobody calls the console across origins.
    corsOrigins: [],
  });

  app.get('/config.json', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(clientConfig);
  });

  app.use(
    express.static(distDir, {
      index: false,
      redirect: false,
      setHeaders: (res, file) => {
        const relative = path.relative(distDir, file).split(path.sep).join('/');
        res.setHeader('Cache-Control', relative.startsWith('assets/') ? immutable : revalidate);
      },
    }),
  );

  // Every app route (and /callback) is the app itself; a missing file is a 404, not the app.
  const spa: RequestHandler = async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const last = req.path.split('/').pop() ?? '';
    if (req.path.startsWith('/assets/') || req.path.startsWith('/api/') || last.includes('.')) return next();
    let html: string;
    try {
      html = await readFile(indexFile, 'utf8');
    } catch {
      sendProblem(res, new HttpProblem(503, 'console-not-built', '工作台尚未构建', '请先运行 npm run build:web -w @lianxin/console', {}, { 'Retry-After': '5' }), req.originalUrl);
      return;
    }
    res.status(200).set('Cache-Control', revalidate).type('html').send(html);
  };
  app.use(spa);
  finishHttpApp(app, log);

  const server = await listen(app, options.port, options.host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  log.info({ url, issuer: clientConfig.issuer, services: clientConfig.services }, 'console listening');
  return { url, close: () => closeServer(server) };
}
