import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { z } from 'zod';
import { closeServer, createHttpApp, finishHttpApp, listen } from '../src/http';
import { createLogger } from '../src/logger';
import {
  apiDocsRouteDocs,
  apiDocsRoutes,
  defaultOperationId,
  openApiDocument,
  openApiPath,
  problem,
  registeredRoutes,
  type ApiDescription,
  type JsonObject,
  type RouteDoc,
} from '../src/openapi';

const Target = z.strictObject({ kind: z.enum(['member', 'organisation']), id: z.string().min(1) });
/** Reads differently as input (`coHandlers` optional, defaulted) and as output (always there). */
const Thing = z.strictObject({ id: z.string(), target: Target, coHandlers: z.array(Target).default([]) });
const ThingParams = z.strictObject({ id: z.string().regex(/^[A-Z0-9]+$/) });
const ThingQuery = z.strictObject({ status: z.enum(['open', 'closed']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
const Page = z.strictObject({ items: z.array(Thing), total: z.number().int().nonnegative() });

const routes: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/things',
    summary: '列表 · List',
    tags: ['things'],
    query: ThingQuery,
    responses: { 200: Page },
  },
  {
    method: 'post',
    path: '/api/v1/things',
    summary: '新建 · Create',
    tags: ['things'],
    security: ['bearer', 'none'],
    headers: z.object({ 'Idempotency-Key': z.string().min(8).optional() }),
    body: Thing,
    responses: { 201: { description: 'Created', schema: Thing, headers: { Location: 'Where it is' } }, 422: problem('Unknown target') },
  },
  {
    method: 'get',
    path: '/api/v1/things/:id',
    summary: '读取 · Read',
    security: ['bearer', 'trackingCode'],
    params: ThingParams,
    responses: { 200: Thing, 404: problem('No such thing') },
  },
];

const api: ApiDescription = { title: 'things', version: '1.0.0', routes, schemas: { Thing, Target } };
const doc = openApiDocument(api, { issuer: 'https://id.example', audience: 'lianxin-api' });
const operation = (path: string, method: string) => doc.paths[path]![method]!;
const bodySchema = (op: JsonObject) => (op['requestBody'] as { content: Record<string, { schema: JsonObject }> }).content['application/json']!.schema;
const answer = (op: JsonObject, status: string) => (op['responses'] as Record<string, JsonObject>)[status]!;

describe('the OpenAPI generator', () => {
  it('turns Express paths into OpenAPI paths and refuses patterns OpenAPI cannot say', () => {
    expect(openApiPath('/api/v1/orders/:id/timeline')).toBe('/api/v1/orders/{id}/timeline');
    expect(openApiPath('/a/:first/b/:second_id')).toBe('/a/{first}/b/{second_id}');
    expect(openApiPath('/healthz')).toBe('/healthz');
    expect(() => openApiPath('/files/*path')).toThrow(/no form/);
    expect(() => openApiPath('/a{/:optional}')).toThrow(/no form/);
    expect(defaultOperationId('get', '/api/v1/orders/:id/timeline')).toBe('getOrdersByIdTimeline');
    expect(defaultOperationId('post', '/api/v1/temporal-codec/decode')).toBe('postTemporalCodecDecode');
  });

  it('writes an OpenAPI 3.1 document with the routes under their OpenAPI paths', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toEqual({ title: 'things', version: '1.0.0' });
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/v1/things', '/api/v1/things/{id}']);
    expect(Object.keys(doc.paths['/api/v1/things']!).sort()).toEqual(['get', 'post']);
    expect(doc.tags).toEqual([{ name: 'things' }]);
  });

  it('collects named schemas once under components, in their input and output forms where they differ', () => {
    const { schemas } = doc.components;
    expect(Object.keys(schemas).sort()).toEqual(['Problem', 'Target', 'Thing', 'ThingInput']);
    // Named schemas are references wherever they appear, nested ones too.
    expect(bodySchema(operation('/api/v1/things', 'post'))).toEqual({ $ref: '#/components/schemas/ThingInput' });
    expect(answer(operation('/api/v1/things/{id}', 'get'), '200')).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } });
    expect(schemas['Thing']!['required']).toEqual(['id', 'target', 'coHandlers']);
    expect(schemas['ThingInput']!['required']).toEqual(['id', 'target']);
    expect(schemas['Thing']!['properties']).toMatchObject({ target: { $ref: '#/components/schemas/Target' } });
    expect(schemas['Target']).toEqual({
      type: 'object',
      properties: { kind: { type: 'string', enum: ['member', 'organisation'] }, id: { type: 'string', minLength: 1 } },
      required: ['kind', 'id'],
      additionalProperties: false,
    });
    // An unnamed schema is written out where it is used.
    const page = (answer(operation('/api/v1/things', 'get'), '200')['content'] as Record<string, { schema: JsonObject }>)['application/json']!.schema;
    expect(page).toMatchObject({ type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } } });
    // Every reference points at a component.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) expect(Object.keys(schemas)).toContain(ref.replace(/^"\$ref":"#\/components\/schemas\//, '').replace(/"$/, ''));
  });

  it('describes path, query and header parameters from their object schemas', () => {
    expect(operation('/api/v1/things/{id}', 'get')['parameters']).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Z0-9]+$' } },
    ]);
    expect(operation('/api/v1/things', 'get')['parameters']).toEqual([
      { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['open', 'closed'] } },
      { name: 'limit', in: 'query', required: false, schema: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 200, default: 50 }) },
    ]);
    expect(operation('/api/v1/things', 'post')['parameters']).toEqual([{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 8 } }]);
  });

  it('says who may call: bearer JWT, the tracking code, or anyone', () => {
    expect(operation('/api/v1/things', 'get')['security']).toEqual([{ bearerAuth: [] }]);
    expect(operation('/api/v1/things', 'post')['security']).toEqual([{ bearerAuth: [] }, {}]);
    expect(operation('/api/v1/things/{id}', 'get')['security']).toEqual([{ bearerAuth: [] }, { trackingCode: [] }]);
    expect(doc.components.securitySchemes['bearerAuth']).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.components.securitySchemes['bearerAuth']!['description']).toContain('https://id.example/.well-known/openid-configuration');
    expect(doc.components.securitySchemes['trackingCode']).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Tracking-Code' });
    const open = openApiDocument({ title: 'open', version: '1', routes: [{ method: 'get', path: '/x', summary: 'x', security: ['none'], responses: { 200: z.string() } }] });
    expect(open.paths['/x']!['get']!['security']).toEqual([]);
    expect(open.components.securitySchemes).toEqual({});
  });

  it('answers problems as application/problem+json with the shared Problem schema, adding the ones every route can give', () => {
    const read = operation('/api/v1/things/{id}', 'get')['responses'] as Record<string, JsonObject>;
    expect(Object.keys(read)).toEqual(['200', '400', '401', '403', '404', '500', '503']);
    expect(read['404']).toEqual({ description: 'No such thing', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
    expect(read['503']!['headers']).toHaveProperty('Retry-After');
    expect(answer(operation('/api/v1/things', 'post'), '201')['headers']).toEqual({ Location: { description: 'Where it is', schema: { type: 'string' } } });
    const twoTypes = openApiDocument({
      title: 't',
      version: '1',
      routes: [{ method: 'get', path: '/x', summary: 'x', responses: { 200: { description: 'JSON or XML', schema: Target, contentType: ['application/json', 'text/xml'] } } }],
    });
    expect(Object.keys((answer(twoTypes.paths['/x']!['get']!, '200')['content'] as object))).toEqual(['application/json', 'text/xml']);
    const form = openApiDocument({
      title: 'f',
      version: '1',
      schemas: { Target },
      routes: [{ method: 'post', path: '/x', summary: 'x', body: Target, bodyContentType: ['application/x-www-form-urlencoded', 'application/json'], responses: { 201: Target } }],
    });
    expect(form.paths['/x']!['post']!['requestBody']).toEqual({
      required: true,
      content: { 'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/Target' } }, 'application/json': { schema: { $ref: '#/components/schemas/Target' } } },
    });
    expect(doc.components.schemas['Problem']).toMatchObject({ type: 'object', required: ['type', 'title', 'status'], additionalProperties: {} });
    const quiet = openApiDocument({ title: 'q', version: '1', routes: [{ method: 'get', path: '/healthz', summary: 'h', security: ['none'], responses: { 200: z.string() }, commonProblems: false }] });
    expect(Object.keys(quiet.paths['/healthz']!['get']!['responses'] as object)).toEqual(['200']);
  });

  it('refuses a declaration it cannot describe faithfully', () => {
    const one = (route: Partial<RouteDoc>, more: RouteDoc[] = []) => () =>
      openApiDocument({ title: 't', version: '1', routes: [{ method: 'get', path: '/a', summary: 'a', responses: { 200: z.string() }, ...route }, ...more] });
    expect(one({ path: '/a/:id' })).toThrow(/path parameters \[id\] but `params` describes \[\]/);
    expect(one({ params: z.object({ id: z.string() }) })).toThrow(/path parameters \[\]/);
    expect(one({}, [{ method: 'get', path: '/a', summary: 'again', responses: {} }])).toThrow(/declared twice/);
    expect(one({ query: z.string() })).toThrow(/must be an object schema/);
    expect(() => openApiDocument({ ...api, schemas: { Thing, Again: Thing } })).toThrow(/named twice/);
  });
});

describe('the docs routes', () => {
  const log = createLogger('openapi-test', 'silent');
  const app = createHttpApp({ service: 'test', log, readiness: async () => ({ ok: true }) });
  const inner = Router();
  inner.post('/encode', (_req, res) => {
    res.json({});
  });
  const api = Router();
  api.get('/api/v1/things/:id', (_req, res) => {
    res.json({});
  });
  api.use('/api/v1/codec', inner);
  app.use(apiDocsRoutes(openApiDocument({ title: 'Things <API>', version: '1', routes: [...apiDocsRouteDocs, ...routes] })));
  app.use(api);
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

  it('lists every route the app answers, mounted routers included', () => {
    const listed = registeredRoutes(app).map((r) => `${r.method} ${r.path}`);
    expect(listed).toEqual([
      'get /healthz',
      'get /readyz',
      'get /openapi.json',
      'get /docs',
      'get /docs/assets/:file',
      'get /api/v1/things/:id',
      'post /api/v1/codec/encode',
    ]);
  });

  it('serves the document with the API policy, and /docs with its own policy and local Swagger UI assets', async () => {
    const document = await fetch(`${base}/openapi.json`);
    expect(document.status).toBe(200);
    expect(((await document.json()) as { openapi: string }).openapi).toMatch(/^3\.1\./);
    expect(document.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(document.headers.get('content-security-policy')).not.toContain('script-src');

    const page = await fetch(`${base}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    const html = await page.text();
    expect(html).toContain('<title>Things &#60;API&#62; — API</title>');
    expect(html).toContain('src="/docs/assets/swagger-ui-bundle.js"');
    expect(html).not.toMatch(/<script>|https?:\/\//);

    const bundle = await fetch(`${base}/docs/assets/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
    const init = await fetch(`${base}/docs/assets/init.js`);
    expect(await init.text()).toContain("url: '/openapi.json'");
    expect((await fetch(`${base}/docs/assets/swagger-ui.css`)).status).toBe(200);

    const missing = await fetch(`${base}/docs/assets/package.json`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${base}/docs/assets/..%2Fpackage.json`)).status).toBe(404);
  });
});
