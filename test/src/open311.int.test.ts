import { createHash, randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { XMLParser } from 'fast-xml-parser';
import { auditDatabaseName } from '@lianxin/audit';
import { maskAddress, maskPersonName, orderCategories, type OrderKind } from '@lianxin/contracts';
import { databaseName } from '@lianxin/platform';
import { eventually, startSystem, type RunningSystem } from './harness';
import { bearerFor } from './tokens';

/**
 * Open311 GeoReport v2 on the residents service, over the real stack: every endpoint in JSON and
 * in XML (read back with a real XML parser), every error in the specification's list format, a
 * submission that becomes a real order (channel open311) through the intake, followed in the
 * Open311 reads from open to closed, and none of the reporter's contact data in any read.
 */
let system: RunningSystem;
let base: string;
let apiKey: string;
let clientId: string;
const connections: Connection[] = [];

// A small per-client limit for this run, to see the 429 without hundreds of requests.
const rateLimit = 40;

beforeAll(async () => {
  const before = process.env.LIANXIN_OPEN311_RATE_LIMIT;
  process.env.LIANXIN_OPEN311_RATE_LIMIT = `${rateLimit}/60`;
  try {
    system = await startSystem('open311');
  } finally {
    if (before === undefined) delete process.env.LIANXIN_OPEN311_RATE_LIMIT;
    else process.env.LIANXIN_OPEN311_RATE_LIMIT = before;
  }
  base = `${system.residents.url}/open311/v2`;
  const issued = await issueKey('测试接入系统');
  apiKey = issued.apiKey;
  clientId = issued.id;
});
afterAll(async () => {
  await Promise.all(connections.map((db) => db.close()));
  await system?.close();
});

async function issueKey(name: string): Promise<{ id: string; apiKey: string; name: string }> {
  const response = await fetch(`${system.residents.url}/api/v1/open311/clients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await bearerFor('admin')) },
    body: JSON.stringify({ name }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; apiKey: string; name: string };
}

async function connect(dbName: string): Promise<Connection> {
  const db = mongoose.createConnection(system.config.mongo.url, { dbName, serverSelectionTimeoutMS: 10_000 });
  await db.asPromise();
  connections.push(db);
  return db;
}

/** The elements that repeat inside their container: arrays even when there is one. */
const repeated = new Set([
  'services.service',
  'service_requests.request',
  'errors.error',
  'discovery.endpoints.endpoint',
  'discovery.endpoints.endpoint.formats.format',
  'service_definition.attributes.attribute',
  'service_definition.attributes.attribute.values.value',
]);
const xmlParser = new XMLParser({ ignoreDeclaration: true, parseTagValue: false, isArray: (_name, jpath) => repeated.has(String(jpath)) });

interface Answer {
  status: number;
  contentType: string;
  text: string;
  headers: Headers;
}

async function answerOf(response: Response): Promise<Answer> {
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text(), headers: response.headers };
}

const get = async (path: string) => answerOf(await fetch(`${base}/${path}`));

/** POST requests.<format>, form-encoded as the specification says (or JSON with `json: true`). */
async function submit(format: 'json' | 'xml', fields: [string, string][], options: { idempotencyKey?: string; json?: Record<string, unknown> } = {}) {
  const headers: Record<string, string> = options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {};
  const body = options.json ? JSON.stringify(options.json) : new URLSearchParams(fields);
  if (options.json) headers['content-type'] = 'application/json';
  return answerOf(await fetch(`${base}/requests.${format}`, { method: 'POST', headers, body }));
}

function json<T>(answer: Answer): T {
  expect(answer.contentType).toBe('application/json; charset=utf-8');
  return JSON.parse(answer.text) as T;
}

function xml<T>(answer: Answer): T {
  expect(answer.contentType).toBe('text/xml; charset=utf-8');
  expect(answer.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  return xmlParser.parse(answer.text) as T;
}

interface ErrorItem {
  code: number | string;
  description: string;
}

/** An error answer in the given format: its status and the list of codes. */
function errorsOf(answer: Answer, format: 'json' | 'xml'): ErrorItem[] {
  const errors = format === 'json' ? json<ErrorItem[]>(answer) : xml<{ errors: { error: ErrorItem[] } }>(answer).errors.error;
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(Number(error.code)).toBe(answer.status);
    expect(error.description.length).toBeGreaterThan(0);
  }
  return errors;
}

const reporter = { first: '明珠', last: '欧阳', phone: '13755556666', email: 'ouyang.xiuying@example.cn', address: '冶山镇东王村三组十二号' };

/** The valid fields with one replaced (or added). */
const withField = (name: string, value: string): [string, string][] => [...validFields().filter(([field]) => field !== name), [name, value]];

const validFields = (extra: [string, string][] = []): [string, string][] => [
  ['api_key', apiKey],
  ['jurisdiction_id', 'lianxin.local'],
  ['service_code', 'concern.road-safety'],
  ['address_string', reporter.address],
  ['address_id', 'grid-yeshan-dongwang-1'],
  ['lat', '32.2871234'],
  ['long', '118.8512345'],
  ['first_name', reporter.first],
  ['last_name', reporter.last],
  ['phone', reporter.phone],
  ['email', reporter.email],
  ['device_id', 'device-42'],
  ['account_id', 'acct-7'],
  ['description', '村口两盏路灯不亮\n夜间行人有安全隐患。'],
  ['media_url', 'https://example.cn/photos/lamp.jpg'],
  ['attribute[urgency]', 'utility'],
  ...extra,
];

interface SubmittedRequest {
  service_request_id: string;
  service_notice: string;
  account_id: string | null;
}

interface ReadRequest {
  service_request_id: string;
  status: string;
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

const trackingCodeIn = (notice: string): string => {
  const match = /查询码 ([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})/.exec(notice);
  expect(match).not.toBeNull();
  return match![1]!;
};

/** What no Open311 read may show: the reporter's name, phone, email, full address. */
function expectNoContactData(text: string): void {
  for (const secret of [reporter.phone, reporter.email, reporter.address, `${reporter.last}${reporter.first}`, reporter.first]) expect(text).not.toContain(secret);
}

describe('Open311 discovery and services', () => {
  it('answers discovery in JSON and XML', async () => {
    const fromJson = json<{ changeset: string; contact: string; key_service: string; endpoints: { specification: string; url: string; type: string; formats: string[] }[] }>(
      await get('discovery.json'),
    );
    expect(fromJson.endpoints).toEqual([
      expect.objectContaining({ specification: 'http://wiki.open311.org/GeoReport_v2', url: base, type: 'production', formats: ['text/xml', 'application/json'] }),
    ]);
    expect(fromJson.changeset).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(fromJson.key_service).toContain('/api/v1/open311/clients');

    const fromXml = xml<{ discovery: { changeset: string; contact: string; endpoints: { endpoint: { specification: string; url: string; changeset: string; type: string; formats: { format: string[] } }[] } } }>(
      await get('discovery.xml'),
    );
    expect(fromXml.discovery.changeset).toBe(fromJson.changeset);
    expect(fromXml.discovery.contact).toBe(fromJson.contact);
    expect(fromXml.discovery.endpoints.endpoint[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: base, type: 'production' });
    expect(fromXml.discovery.endpoints.endpoint[0]!.formats.format).toEqual(['text/xml', 'application/json']);
  });

  it('lists one service per kind and category, the same in JSON and XML', async () => {
    type Service = { service_code: string; service_name: string; description: string; metadata: boolean | string; type: string; keywords: string; group: string };
    const fromJson = json<Service[]>(await get('services.json'));
    const expectedCount = (Object.keys(orderCategories) as OrderKind[]).reduce((sum, kind) => sum + orderCategories[kind].length, 0);
    expect(fromJson).toHaveLength(expectedCount);
    expect(new Set(fromJson.map((s) => s.service_code)).size).toBe(expectedCount);
    for (const service of fromJson) expect(service.service_code).toMatch(/^(wish|concern|assistance|suggestion)\.[a-z-]+$/);
    expect(fromJson.find((s) => s.service_code === 'concern.road-safety')).toEqual({
      service_code: 'concern.road-safety',
      service_name: '道路安全',
      description: expect.stringContaining('道路安全'),
      metadata: true,
      type: 'realtime',
      keywords: expect.stringContaining('道路安全'),
      group: '急难愁盼诉求',
    });
    expect(new Set(fromJson.map((s) => s.group))).toEqual(new Set(['微心愿', '急难愁盼诉求', '帮扶需求', '意见建议']));

    const fromXml = xml<{ services: { service: Service[] } }>(await get('services.xml'));
    expect(fromXml.services.service).toHaveLength(expectedCount);
    expect(fromXml.services.service.map((s) => s.service_code)).toEqual(fromJson.map((s) => s.service_code));
    expect(fromXml.services.service.find((s) => s.service_code === 'wish.culture')).toMatchObject({
      service_name: '精神文化',
      metadata: 'true',
      type: 'realtime',
      group: '微心愿',
    });
  });

  it('defines each service with its attributes, in JSON and XML; an unknown code is a 404 list', async () => {
    type Attribute = { variable: boolean | string; code: string; datatype: string; required: boolean | string; order: number | string; description: string; values: { key: string; name: string }[] };
    const wish = json<{ service_code: string; attributes: Attribute[] }>(await get('services/wish.culture.json'));
    expect(wish.service_code).toBe('wish.culture');
    expect(wish.attributes.map((a) => [a.code, a.datatype, a.required, a.order])).toEqual([
      ['urgency', 'singlevaluelist', false, 1],
      ['key_population', 'multivaluelist', false, 2],
    ]);
    expect(wish.attributes[0]!.values.map((v) => v.key)).toEqual(['emergency', 'utility', 'general', 'complex']);
    expect(wish.attributes[1]!.values).toContainEqual({ key: 'living-alone', name: '独居老人' });

    const concern = xml<{ service_definition: { service_code: string; attributes: { attribute: (Omit<Attribute, 'values'> & { values: { value: { key: string; name: string }[] } })[] } } }>(
      await get('services/concern.road-safety.xml'),
    );
    expect(concern.service_definition.service_code).toBe('concern.road-safety');
    expect(concern.service_definition.attributes.attribute.map((a) => a.code)).toEqual(['urgency']);
    expect(concern.service_definition.attributes.attribute[0]).toMatchObject({ variable: 'true', datatype: 'singlevaluelist', required: 'false', order: '1' });
    expect(concern.service_definition.attributes.attribute[0]!.values.value.map((v) => v.key)).toEqual(['emergency', 'utility', 'general', 'complex']);

    for (const format of ['json', 'xml'] as const) {
      const unknown = await get(`services/concern.no-such-thing.${format}`);
      expect(unknown.status).toBe(404);
      expect(errorsOf(unknown, format)[0]!.description).toContain('concern.no-such-thing');
    }
  });
});

describe('Open311 service requests', () => {
  let orderId: string;
  let trackingCode: string;

  it('creates a real order through the intake (channel open311), once per Idempotency-Key', async () => {
    const idempotencyKey = `open311-${randomUUID()}`;
    const first = await submit('json', validFields(), { idempotencyKey });
    expect(first.status).toBe(201);
    const [created] = json<SubmittedRequest[]>(first);
    expect(Object.keys(created!).sort()).toEqual(['account_id', 'service_notice', 'service_request_id']);
    expect(created!.service_request_id).toMatch(/^LX\d{8}-[2-9A-HJ-NP-Z]{8}$/);
    expect(created!.account_id).toBe('acct-7');
    orderId = created!.service_request_id;
    trackingCode = trackingCodeIn(created!.service_notice);

    const retry = await submit('json', validFields(), { idempotencyKey });
    expect(retry.status).toBe(200);
    expect(json<SubmittedRequest[]>(retry)[0]).toEqual(created);

    // The order as the residents' tracking shows it, with its tracking code.
    const tracked = await eventually(async () => {
      const response = await fetch(`${system.residents.url}/api/v1/orders/${orderId}`, { headers: { 'x-tracking-code': trackingCode } });
      return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined;
    }, 30_000, 'the Open311 order in tracking');
    expect(tracked).toMatchObject({
      id: orderId,
      channel: 'open311',
      kind: 'concern',
      category: '道路安全',
      urgency: 'utility',
      openedBy: { id: `resident:${orderId}`, role: 'resident' },
      resident: { name: maskPersonName(`${reporter.last}${reporter.first}`), phone: '137****6666' },
      location: { gridId: 'grid-yeshan-dongwang-1', latitude: 32.2871234, longitude: 118.8512345 },
      attachments: ['https://example.cn/photos/lamp.jpg'],
    });

    // The opening is audited in the client system's name, once.
    const audit = await connect(auditDatabaseName(system.config.mongo.dbPrefix));
    const opened = await audit.collection('audit_records').find({ action: 'open', target: orderId }).toArray();
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ actor: { id: `open311:${clientId}` }, details: { channel: 'open311', open311Client: clientId } });
  });

  it('submits form-encoded with an XML answer, and JSON bodies too', async () => {
    const fields: [string, string][] = [
      ['api_key', apiKey],
      ['service_code', 'wish.culture'],
      ['address_id', 'grid-yeshan-dongwang-1'],
      ['description', '独居老人想要一台收音机听戏。'],
      ['attribute[key_population][]', 'elderly'],
      ['attribute[key_population][]', 'living-alone'],
    ];
    const answer = await submit('xml', fields);
    expect(answer.status).toBe(201);
    const parsed = xml<{ service_requests: { request: { service_request_id: string; service_notice: string; account_id: string } [] } }>(answer);
    expect(parsed.service_requests.request).toHaveLength(1);
    const wishId = parsed.service_requests.request[0]!.service_request_id;
    expect(wishId).toMatch(/^LX\d{8}-/);
    expect(parsed.service_requests.request[0]!.account_id).toBe('');
    const wishCode = trackingCodeIn(parsed.service_requests.request[0]!.service_notice);
    const tracked = await eventually(async () => {
      const response = await fetch(`${system.residents.url}/api/v1/orders/${wishId}`, { headers: { 'x-tracking-code': wishCode } });
      return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined;
    }, 30_000, 'the wish in tracking');
    expect(tracked).toMatchObject({ kind: 'wish', category: '精神文化', urgency: 'general', resident: { name: maskPersonName('匿名'), keyPopulations: ['60岁以上老人', '独居老人'] } });

    const fromJsonBody = await submit('json', [], {
      json: { api_key: apiKey, service_code: 'suggestion.public-services', address_string: '冶山镇', description: '建议增设公交站台。', attribute: { urgency: 'general' } },
    });
    expect(fromJsonBody.status).toBe(201);
    expect(json<SubmittedRequest[]>(fromJsonBody)[0]!.service_request_id).toMatch(/^LX\d{8}-/);
  });

  it('reads the request back, open, in JSON and XML, with no contact data', async () => {
    const read = await eventually(async () => {
      const answer = await get(`requests/${orderId}.json`);
      return answer.status === 200 ? answer : undefined;
    }, 30_000, 'the request in the Open311 reads');
    const [request] = json<ReadRequest[]>(read);
    expect(request).toMatchObject({
      service_request_id: orderId,
      status: 'open',
      service_name: '道路安全',
      service_code: 'concern.road-safety',
      description: '村口两盏路灯不亮\n夜间行人有安全隐患。',
      address: maskAddress(reporter.address),
      address_id: 'grid-yeshan-dongwang-1',
      lat: 32.287,
      long: 118.851,
      media_url: 'https://example.cn/photos/lamp.jpg',
    });
    expect(request!.status_notes.length).toBeGreaterThan(0);
    // No handler yet: the organisation the grid lies with, named by the register.
    expect(request!.agency_responsible).toEqual(expect.stringMatching(/\S/));
    expect(Date.parse(request!.requested_datetime)).not.toBeNaN();
    expect(Date.parse(request!.updated_datetime)).not.toBeNaN();
    expect(request!.expected_datetime === null || !Number.isNaN(Date.parse(request!.expected_datetime))).toBe(true);
    expect(request!.service_notice).not.toContain(trackingCode);
    expectNoContactData(read.text);

    const asXml = await get(`requests/${orderId}.xml`);
    const parsed = xml<{ service_requests: { request: Record<string, string>[] } }>(asXml);
    expect(parsed.service_requests.request[0]).toMatchObject({
      service_request_id: orderId,
      status: 'open',
      service_code: 'concern.road-safety',
      address: maskAddress(reporter.address),
      lat: '32.287',
      long: '118.851',
    });
    expect(Object.keys(parsed.service_requests.request[0]!)).toEqual(Object.keys(request!));
    expectNoContactData(asXml.text);
  });

  it('lists requests by id, service code, status and dates, in JSON and XML', async () => {
    const byIds = json<ReadRequest[]>(await get(`requests.json?service_request_id=${orderId},LX20000101-NOSUCH22`));
    expect(byIds.map((r) => r.service_request_id)).toEqual([orderId]);

    const open = await get('requests.xml?service_code=concern.road-safety,wish.culture&status=open&jurisdiction_id=lianxin.local');
    const openIds = (xml<{ service_requests: { request?: { service_request_id: string }[] } }>(open).service_requests.request ?? []).map((r) => r.service_request_id);
    expect(openIds).toContain(orderId);
    expectNoContactData(open.text);

    const all = await get('requests.json');
    expect(json<ReadRequest[]>(all).map((r) => r.service_request_id)).toContain(orderId);
    expectNoContactData(all.text);

    const otherService = json<ReadRequest[]>(await get('requests.json?service_code=wish.culture'));
    expect(otherService.map((r) => r.service_request_id)).not.toContain(orderId);
    const closed = json<ReadRequest[]>(await get('requests.json?status=closed'));
    expect(closed.map((r) => r.service_request_id)).not.toContain(orderId);

    const now = Date.now();
    const window = `start_date=${new Date(now - 3_600_000).toISOString()}&end_date=${new Date(now + 60_000).toISOString()}`;
    expect(json<ReadRequest[]>(await get(`requests.json?${window}`)).map((r) => r.service_request_id)).toContain(orderId);
    const before = `start_date=2020-01-01T00:00:00Z&end_date=2020-03-01T00:00:00%2B08:00`;
    const empty = await get(`requests.xml?${before}`);
    expect(empty.status).toBe(200);
    expect(xml<{ service_requests: unknown }>(empty).service_requests).toBe('');
    expect(json<ReadRequest[]>(await get(`requests.json?${before}`))).toEqual([]);
  });

  it('answers tokens with the service_request_id, in JSON and XML', async () => {
    expect(json<{ service_request_id: string; token: string }[]>(await get(`tokens/${orderId}.json`))).toEqual([{ service_request_id: orderId, token: orderId }]);
    const parsed = xml<{ service_requests: { request: { service_request_id: string; token: string }[] } }>(await get(`tokens/${orderId}.xml`));
    expect(parsed.service_requests.request).toEqual([{ service_request_id: orderId, token: orderId }]);
    for (const format of ['json', 'xml'] as const) {
      const unknown = await get(`tokens/LX20000101-NOSUCH22.${format}`);
      expect(unknown.status).toBe(404);
      errorsOf(unknown, format);
    }
  });

  it('reads closed once the resident cancels with the tracking code', async () => {
    const cancelled = await fetch(`${system.residents.url}/api/v1/orders/${orderId}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tracking-code': trackingCode },
      body: JSON.stringify({ type: 'cancel', reason: '路灯已自行修复' }),
    });
    expect(cancelled.status).toBe(200);
    const request = await eventually(async () => {
      const [read] = json<ReadRequest[]>(await get(`requests/${orderId}.json`));
      return read?.status === 'closed' ? read : undefined;
    }, 30_000, 'the request to read closed');
    expect(request.status_notes).toBe('已撤单');
    expect(request.expected_datetime).toBeNull();
    const closed = xml<{ service_requests: { request?: { service_request_id: string; status: string }[] } }>(await get('requests.xml?status=closed'));
    expect(closed.service_requests.request).toContainEqual(expect.objectContaining({ service_request_id: orderId, status: 'closed' }));
    const stillOpen = json<ReadRequest[]>(await get('requests.json?status=open'));
    expect(stillOpen.map((r) => r.service_request_id)).not.toContain(orderId);
  });
});

describe('Open311 errors', () => {
  const cases: { what: string; send: (format: 'json' | 'xml') => Promise<Answer>; status: number; mentions: string }[] = [
    { what: 'no api_key', send: (f) => submit(f, validFields().filter(([name]) => name !== 'api_key')), status: 403, mentions: 'api_key' },
    { what: 'an unknown api_key', send: (f) => submit(f, withField('api_key', `o311.aaaaaaaaaaaa.${'A'.repeat(43)}`)), status: 403, mentions: 'api_key' },
    { what: 'a wrong jurisdiction_id', send: (f) => submit(f, withField('jurisdiction_id', 'elsewhere.gov')), status: 404, mentions: 'elsewhere.gov' },
    { what: 'a wrong jurisdiction_id on a read', send: (f) => get(`services.${f}?jurisdiction_id=elsewhere.gov`), status: 404, mentions: 'elsewhere.gov' },
    { what: 'an unknown service_code', send: (f) => submit(f, withField('service_code', 'concern.potholes')), status: 404, mentions: 'concern.potholes' },
    { what: 'no service_code', send: (f) => submit(f, validFields().filter(([name]) => name !== 'service_code')), status: 400, mentions: 'service_code' },
    {
      what: 'no location',
      send: (f) => submit(f, validFields().filter(([name]) => !['address_string', 'address_id', 'lat', 'long'].includes(name))),
      status: 400,
      mentions: 'address_string',
    },
    { what: 'lat without long', send: (f) => submit(f, [['api_key', apiKey], ['service_code', 'concern.medical'], ['lat', '32.1']]), status: 400, mentions: 'long' },
    { what: 'an attribute value not in the list', send: (f) => submit(f, withField('attribute[urgency]', 'whenever')), status: 400, mentions: 'whenever' },
    { what: 'an attribute the service does not have', send: (f) => submit(f, validFields([['attribute[key_population]', 'elderly']])), status: 400, mentions: 'key_population' },
    { what: 'a phone that is not a mainland mobile', send: (f) => submit(f, withField('phone', '555-0100')), status: 400, mentions: 'phone' },
    { what: 'a grid not in the register', send: (f) => submit(f, withField('address_id', 'grid-nowhere')), status: 400, mentions: 'grid-nowhere' },
    { what: 'an unknown service_request_id', send: (f) => get(`requests/LX20000101-NOSUCH22.${f}`), status: 404, mentions: 'LX20000101-NOSUCH22' },
    { what: 'a date without a time zone', send: (f) => get(`requests.${f}?start_date=2026-01-01T00:00:00`), status: 400, mentions: 'start_date' },
    { what: 'a date that is no date', send: (f) => get(`requests.${f}?end_date=tomorrow`), status: 400, mentions: 'end_date' },
    { what: 'a window over 90 days', send: (f) => get(`requests.${f}?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`), status: 400, mentions: '90' },
    { what: 'an unknown status', send: (f) => get(`requests.${f}?status=pending`), status: 400, mentions: 'pending' },
    { what: 'an unknown resource', send: (f) => get(`reports.${f}`), status: 404, mentions: 'reports' },
  ];

  for (const { what, send, status, mentions } of cases) {
    it(`answers ${what} with a ${status} error list, in JSON and XML`, async () => {
      for (const format of ['json', 'xml'] as const) {
        const answer = await send(format);
        expect({ format, status: answer.status }).toEqual({ format, status });
        expect(errorsOf(answer, format).map((e) => e.description).join(' ')).toContain(mentions);
      }
    });
  }

  it('answers an unknown or missing format with a 404 list (in XML, the specification’s format)', async () => {
    for (const path of ['services.csv', 'services', 'requests/LX20000101-NOSUCH22.html', 'discovery.yaml']) {
      const answer = await get(path);
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      errorsOf(answer, 'xml');
    }
    const posted = await answerOf(await fetch(`${base}/requests.txt`, { method: 'POST', body: new URLSearchParams(validFields()) }));
    expect(posted.status).toBe(404);
    errorsOf(posted, 'xml');
  });

  it('refuses a revoked key; keys are issued, listed and revoked by admins only, audited, and kept hashed', async () => {
    const other = await issueKey('即将吊销的系统');
    const before = await submit('json', withField('api_key', other.apiKey));
    expect(before.status).toBe(201);

    const asAgent = await fetch(`${system.residents.url}/api/v1/open311/clients/${other.id}`, { method: 'DELETE', headers: await bearerFor('agent-hotline-1') });
    expect(asAgent.status).toBe(403);
    expect((await fetch(`${system.residents.url}/api/v1/open311/clients`)).status).toBe(401);

    const revoked = await fetch(`${system.residents.url}/api/v1/open311/clients/${other.id}`, { method: 'DELETE', headers: await bearerFor('admin') });
    expect(revoked.status).toBe(200);
    const revokedClient = (await revoked.json()) as { revokedBy: string };
    expect(revokedClient).toMatchObject({ id: other.id, name: '即将吊销的系统', revokedBy: expect.any(String), revokedAt: expect.any(String) });
    for (const format of ['json', 'xml'] as const) {
      const after = await submit(format, withField('api_key', other.apiKey));
      expect(after.status).toBe(403);
      errorsOf(after, format);
    }

    const listed = await fetch(`${system.residents.url}/api/v1/open311/clients`, { headers: await bearerFor('admin') });
    const { items } = (await listed.json()) as { items: Record<string, unknown>[] };
    expect(items).toContainEqual(expect.objectContaining({ id: other.id, revokedAt: expect.any(String) }));
    expect(items).toContainEqual(expect.objectContaining({ id: clientId, name: '测试接入系统' }));
    expect(JSON.stringify(items)).not.toMatch(/apiKey|keyHash|o311\./);

    const residentsDb = await connect(databaseName(system.config, 'residents'));
    const stored = await residentsDb.collection('open311_clients').findOne({ _id: other.id as never });
    expect(stored?.['keyHash']).toBe(createHash('sha256').update(other.apiKey).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(other.apiKey);

    const audit = await connect(auditDatabaseName(system.config.mongo.dbPrefix));
    const actions = await audit
      .collection('audit_records')
      .find({ target: `open311-client:${other.id}` })
      .sort({ seq: 1 })
      .toArray();
    expect(actions.map((record) => [record['action'], (record['actor'] as { id: string }).id])).toEqual([
      ['issueOpen311Key', revokedClient.revokedBy],
      ['revokeOpen311Key', revokedClient.revokedBy],
    ]);
  });

  it('limits each client system, answering 429 in the list format with Retry-After', async () => {
    const limited = await issueKey('限流测试系统');
    const statuses: number[] = [];
    for (let i = 0; i < rateLimit; i += 1) statuses.push((await submit('json', [['api_key', limited.apiKey]])).status);
    expect(new Set(statuses)).toEqual(new Set([400]));
    const over = await submit('xml', [['api_key', limited.apiKey]]);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    errorsOf(over, 'xml');
    // Another client is not held to this one's limit.
    expect((await submit('json', [['api_key', apiKey]])).status).toBe(400);
  });
});
