import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { IntakeOrderInput } from '@lianxin/contracts';
import { openApiPath, registeredRoutes, type JsonObject, type OpenApiDocument, type RunningHttpService } from '@lianxin/platform';
import { eventually, startSystem, type RunningSystem } from './harness';
import { bearerFor } from './tokens';

/**
 * The OpenAPI documents of the services over the real stack: each covers every route its app
 * answers, and real answers — orders, lists, commands, problems — validate against the
 * document's own response schemas (draft 2020-12, with ajv).
 */
let system: RunningSystem;
const documents: Record<string, OpenApiDocument> = {};
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

type ServiceName = 'residents' | 'cadres' | 'notifications';
const serviceNames: readonly ServiceName[] = ['residents', 'cadres', 'notifications'];
const service = (name: ServiceName): RunningHttpService => system[name];

beforeAll(async () => {
  system = await startSystem('openapi');
  for (const name of serviceNames) {
    const response = await fetch(`${service(name).url}/openapi.json`);
    expect(response.status).toBe(200);
    documents[name] = (await response.json()) as OpenApiDocument;
    ajv.addSchema(documents[name], name);
  }
});
afterAll(async () => {
  await system?.close();
});

const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Checks a real answer against the document: its status is declared for the operation, its
 * media type too, and its body validates against the schema there. Resolves to the body.
 */
async function expectDescribed<T = JsonObject>(name: ServiceName, method: string, expressPath: string, response: Response): Promise<T> {
  const path = openApiPath(expressPath);
  const status = String(response.status);
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const operation = documents[name]!.paths[path]?.[method] as { responses: Record<string, { content?: Record<string, unknown> }> } | undefined;
  const body = (await response.json()) as T;
  const where = `${name} ${method.toUpperCase()} ${path} → ${status} ${mediaType}`;
  expect({ where, declared: Boolean(operation?.responses[status]?.content?.[mediaType]) }).toEqual({ where, declared: true });
  const validate = ajv.getSchema(`${name}#/paths/${pointer(path)}/${method}/responses/${status}/content/${pointer(mediaType)}/schema`)!;
  const valid = validate(body);
  expect({ where, errors: valid ? [] : ajv.errorsText(validate.errors, { separator: '\n' }).split('\n'), body: valid ? undefined : body }).toEqual({ where, errors: [], body: undefined });
  return body;
}

const concern: IntakeOrderInput = {
  kind: 'concern',
  category: '道路安全',
  urgency: 'general',
  channel: 'hotline',
  title: '村口路灯损坏',
  description: '东王村村口两盏路灯不亮，夜间行人有安全隐患。',
  resident: { name: '王秀英', phone: '13912345678' },
  location: { gridId: 'grid-yeshan-dongwang-1', address: '冶山镇东王村3组12号' },
};

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('the OpenAPI documents of the services', () => {
  it('are OpenAPI 3.1 and describe every route each app answers, with its method', () => {
    for (const name of serviceNames) {
      const document = documents[name]!;
      expect(document.openapi).toMatch(/^3\.1\.\d+$/);
      expect(document.components.securitySchemes['bearerAuth']).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
      const routes = registeredRoutes(service(name).app);
      expect(routes.length).toBeGreaterThan(5);
      const undescribed = routes
        .filter(({ method, path }) => !document.paths[openApiPath(path)]?.[method])
        .map(({ method, path }) => `${name}: ${method.toUpperCase()} ${path}`);
      expect(undescribed).toEqual([]);
      // …and the document describes nothing the app does not answer.
      const answered = new Set(routes.map(({ method, path }) => `${method} ${openApiPath(path)}`));
      const described = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));
      expect(described.filter((operation) => !answered.has(operation))).toEqual([]);
    }
    expect(documents['residents']!.components.securitySchemes['trackingCode']).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Tracking-Code' });
    // GeoReport's `GET /open311/v2/:file` serves several documents: one path, its `file` the names it serves.
    const georeport = documents['residents']!.paths['/open311/v2/{file}']!;
    const fileOf = (operation: JsonObject | undefined) => (operation?.['parameters'] as { name: string; in: string; schema: JsonObject }[]).find((p) => p.name === 'file' && p.in === 'path')?.schema;
    expect(fileOf(georeport['get'])).toEqual({ type: 'string', enum: ['discovery.json', 'discovery.xml', 'services.json', 'services.xml', 'requests.json', 'requests.xml'] });
    expect(fileOf(georeport['post'])).toEqual({ type: 'string', enum: ['requests.json', 'requests.xml'] });
  });

  it('match real answers: intake, tracking, commands, lists, the register, the codec, problems and notifications', async () => {
    const { residents, cadres, notifications } = { residents: system.residents.url, cadres: system.cadres.url, notifications: system.notifications.url };
    const agent = await bearerFor('agent-hotline-1');
    const dispatcher = await bearerFor('mem-yeshan-dispatcher');

    // 点单 as an agent, then the order with its tracking code, and its timeline.
    const receipt = await expectDescribed<{ id: string; trackingCode: string }>('residents', 'post', '/api/v1/orders', await fetch(`${residents}/api/v1/orders`, json(concern, agent)));
    const withCode = { 'x-tracking-code': receipt.trackingCode };
    const read = await eventually(async () => {
      const response = await fetch(`${residents}/api/v1/orders/${receipt.id}`, { headers: withCode });
      return response.status === 200 ? response : undefined;
    }, 20_000, 'the order in tracking');
    await expectDescribed('residents', 'get', '/api/v1/orders/:id', read);
    await expectDescribed('residents', 'get', '/api/v1/orders/:id/timeline', await fetch(`${residents}/api/v1/orders/${receipt.id}/timeline`, { headers: withCode }));
    await expectDescribed('residents', 'post', '/api/v1/orders/:id/contact-reveal', await fetch(`${residents}/api/v1/orders/${receipt.id}/contact-reveal`, { method: 'POST', headers: dispatcher }));

    // The township dispatcher's queue holds it; accepting it answers the order as it now stands.
    const queued = await eventually(async () => {
      const response = await fetch(`${cadres}/api/v1/dispatch-queue?limit=200`, { headers: dispatcher });
      const page = (await response.clone().json()) as { items?: { id: string }[] };
      return page.items?.some((o) => o.id === receipt.id) ? response : undefined;
    }, 20_000, 'the order in the dispatch queue');
    await expectDescribed('cadres', 'get', '/api/v1/dispatch-queue', queued);
    const accepted = await expectDescribed<{ status: string }>('cadres', 'post', '/api/v1/orders/:id/commands', await fetch(`${cadres}/api/v1/orders/${receipt.id}/commands`, json({ type: 'accept' }, dispatcher)));
    expect(accepted.status).not.toBe('received');
    await expectDescribed('cadres', 'get', '/api/v1/inbox', await fetch(`${cadres}/api/v1/inbox`, { headers: dispatcher }));

    // The register, routing and the codec endpoint.
    await expectDescribed('cadres', 'get', '/api/v1/organisations', await fetch(`${cadres}/api/v1/organisations?limit=5`, { headers: dispatcher }));
    await expectDescribed('cadres', 'get', '/api/v1/members', await fetch(`${cadres}/api/v1/members?organisationId=org-yeshan-dongwang`, { headers: dispatcher }));
    await expectDescribed('cadres', 'get', '/api/v1/grids/:id', await fetch(`${cadres}/api/v1/grids/grid-yeshan-dongwang-1`, { headers: dispatcher }));
    await expectDescribed('cadres', 'get', '/api/v1/routing', await fetch(`${cadres}/api/v1/routing?gridId=grid-yeshan-dongwang-1`, { headers: dispatcher }));
    await expectDescribed('cadres', 'post', '/api/v1/temporal-codec/decode', await fetch(`${cadres}/api/v1/temporal-codec/decode`, json({ payloads: [] }, await bearerFor('admin'))));

    // Problems: a missing order (404), no token (401), a malformed query (400), a command of the other service (404).
    const missing = await fetch(`${residents}/api/v1/orders/LX00000000-NONE`, { headers: agent });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    await expectDescribed('residents', 'get', '/api/v1/orders/:id', missing);
    const anonymous = await fetch(`${cadres}/api/v1/inbox`);
    expect(anonymous.status).toBe(401);
    await expectDescribed('cadres', 'get', '/api/v1/inbox', anonymous);
    const unauthenticated = await fetch(`${residents}/api/v1/orders/${receipt.id}`);
    expect(unauthenticated.status).toBe(401);
    await expectDescribed('residents', 'get', '/api/v1/orders/:id', unauthenticated);
    const malformed = await fetch(`${cadres}/api/v1/organisations?limit=0`, { headers: dispatcher });
    expect(malformed.status).toBe(400);
    await expectDescribed('cadres', 'get', '/api/v1/organisations', malformed);
    const elsewhere = await fetch(`${residents}/api/v1/orders/${receipt.id}/commands`, json({ type: 'sign' }, agent));
    expect(elsewhere.status).toBe(404);
    await expectDescribed('residents', 'post', '/api/v1/orders/:id/commands', elsewhere);

    // Notifications of the order (the township dispatcher oversees its subtree).
    const notices = await eventually(async () => {
      const response = await fetch(`${notifications}/api/v1/notifications?orderId=${receipt.id}`, { headers: dispatcher });
      const page = (await response.clone().json()) as { total?: number };
      return (page.total ?? 0) > 0 ? response : undefined;
    }, 20_000, 'a notification of the order');
    await expectDescribed('notifications', 'get', '/api/v1/notifications', notices);
    await expectDescribed('notifications', 'get', '/api/v1/notifications/inbox', await fetch(`${notifications}/api/v1/notifications/inbox`, { headers: dispatcher }));
    await expectDescribed('notifications', 'post', '/api/v1/notifications/inbox/read', await fetch(`${notifications}/api/v1/notifications/inbox/read`, json({ all: true }, dispatcher)));
    await expectDescribed('notifications', 'get', '/api/v1/notification-preferences/me', await fetch(`${notifications}/api/v1/notification-preferences/me`, { headers: dispatcher }));
    const preferences = await fetch(`${notifications}/api/v1/notification-preferences/me`, { ...json({ sms: false, locale: 'en', quietHours: { start: '21:30', end: '06:30' } }, dispatcher), method: 'PUT' });
    expect(await expectDescribed('notifications', 'put', '/api/v1/notification-preferences/me', preferences)).toEqual({ sms: false, email: true, locale: 'en', quietHours: { start: '21:30', end: '06:30' }, digest: true });
    await expectDescribed('notifications', 'get', '/api/v1/notification-templates', await fetch(`${notifications}/api/v1/notification-templates`, { headers: dispatcher }));
    const admin = await bearerFor('admin');
    const robot = await fetch(`${notifications}/api/v1/notification-webhooks`, json({ organisationId: 'org-yeshan', name: '冶山镇钉钉群', format: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'SECabcdefgh' }, admin));
    expect(robot.status).toBe(201);
    await expectDescribed('notifications', 'post', '/api/v1/notification-webhooks', robot);
    await expectDescribed('notifications', 'get', '/api/v1/notification-webhooks', await fetch(`${notifications}/api/v1/notification-webhooks`, { headers: admin }));
    const badRobot = await fetch(`${notifications}/api/v1/notification-webhooks`, json({ organisationId: 'org-yeshan', name: 'x', format: 'generic', url: 'https://example.org/hook' }, admin));
    expect(badRobot.status).toBe(400);
    await expectDescribed('notifications', 'post', '/api/v1/notification-webhooks', badRobot);

    // Health, on every service.
    for (const name of serviceNames) {
      await expectDescribed(name, 'get', '/healthz', await fetch(`${service(name).url}/healthz`));
      await expectDescribed(name, 'get', '/readyz', await fetch(`${service(name).url}/readyz`));
    }
  });

  it('match real Open311 answers: services, discovery, an error list, the client systems, a submission and the request read back', async () => {
    const residents = system.residents.url;
    const georeport = `${residents}/open311/v2`;
    /** The body validates against the named component too (the `:file` route's answer is any of its documents). */
    const expectComponent = (component: string, body: unknown) => {
      const validate = ajv.getSchema(`residents#/components/schemas/${component}`)!;
      const valid = validate(body);
      expect({ component, errors: valid ? [] : ajv.errorsText(validate.errors, { separator: '\n' }).split('\n') }).toEqual({ component, errors: [] });
    };

    const services = await expectDescribed<unknown[]>('residents', 'get', '/open311/v2/:file', await fetch(`${georeport}/services.json`));
    expect(services.length).toBeGreaterThan(10);
    expectComponent('Open311ServiceList', services);
    expectComponent('Open311ServiceDefinition', await expectDescribed('residents', 'get', '/open311/v2/services/:file', await fetch(`${georeport}/services/concern.road-safety.json`)));
    expectComponent('Open311Discovery', await expectDescribed('residents', 'get', '/open311/v2/:file', await fetch(`${georeport}/discovery.json`)));

    // An error list (not problem+json), in the format asked for.
    const unknownService = await fetch(`${georeport}/services/concern.nothing-here.json`);
    expect(unknownService.status).toBe(404);
    const errors = await expectDescribed<{ code: number }[]>('residents', 'get', '/open311/v2/services/:file', unknownService);
    expect(errors[0]!.code).toBe(404);

    // A client system's key, issued by an admin; the client systems as listed.
    const admin = await bearerFor('admin');
    const issued = await expectDescribed<{ id: string; apiKey: string }>('residents', 'post', '/api/v1/open311/clients', await fetch(`${residents}/api/v1/open311/clients`, json({ name: 'OpenAPI 测试接入系统' }, admin)));
    await expectDescribed('residents', 'get', '/api/v1/open311/clients', await fetch(`${residents}/api/v1/open311/clients`, { headers: admin }));

    // A submission (form-encoded, as GeoReport says), then the request read back, and by its token.
    const submitted = await fetch(`${georeport}/requests.json`, {
      method: 'POST',
      body: new URLSearchParams({
        api_key: issued.apiKey,
        service_code: 'concern.road-safety',
        address_id: 'grid-yeshan-dongwang-1',
        address_string: '冶山镇东王村3组12号',
        last_name: '王',
        first_name: '秀英',
        phone: '13912345678',
        description: '村口路灯不亮，夜间行人有安全隐患。',
        'attribute[urgency]': 'general',
      }),
    });
    expect(submitted.status).toBe(201);
    const [created] = await expectDescribed<{ service_request_id: string }[]>('residents', 'post', '/open311/v2/:file', submitted);
    const id = created!.service_request_id;
    const read = await eventually(async () => {
      const response = await fetch(`${georeport}/requests/${id}.json`);
      return response.status === 200 ? response : undefined;
    }, 20_000, 'the Open311 request');
    const [request] = await expectDescribed<{ service_request_id: string }[]>('residents', 'get', '/open311/v2/requests/:file', read);
    expect(request!.service_request_id).toBe(id);
    await expectDescribed('residents', 'get', '/open311/v2/tokens/:file', await fetch(`${georeport}/tokens/${id}.json`));
    expectComponent('Open311ServiceRequests', await expectDescribed('residents', 'get', '/open311/v2/:file', await fetch(`${georeport}/requests.json?service_request_id=${id}`)));

    // Revoked: the client system as it now stands.
    await expectDescribed('residents', 'delete', '/api/v1/open311/clients/:id', await fetch(`${residents}/api/v1/open311/clients/${issued.id}`, { method: 'DELETE', headers: admin }));
  });

  it('serve a docs page from the service itself, with its own content security policy', async () => {
    for (const name of serviceNames) {
      const base = service(name).url;
      const page = await fetch(`${base}/docs`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:\/\//);
      const html = await page.text();
      expect(html).toContain('/docs/assets/swagger-ui-bundle.js');
      expect(html).toContain('/docs/assets/swagger-ui.css');
      expect(html).not.toMatch(/https?:\/\//); // nothing from a CDN
      const bundle = await fetch(`${base}/docs/assets/swagger-ui-bundle.js`);
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get('content-type')).toContain('javascript');
      await bundle.arrayBuffer();
      // The API keeps its strict policy.
      expect((await fetch(`${base}/healthz`)).headers.get('content-security-policy')).toContain("default-src 'none'");
    }
  });
});
