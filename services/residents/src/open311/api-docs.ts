import { z } from 'zod';
import { IdempotencyKeyHeaders, problem, type ResponseDoc, type RouteDoc } from '@lianxin/platform';
import { open311Services } from './catalogue';
import { NewOpen311Client, Open311ClientIdParams } from './client-routes';
import { apiKeyPattern, IssuedOpen311Client, Open311ClientList, Open311ClientView } from './clients';
import { open311ContentTypes, open311Formats } from './format';
import { georeportBase, georeportDocuments } from './georeport-routes';
import { RequestsQueryFields } from './query';
import { serviceRequestIdPattern } from './requests';
import {
  Open311Attribute,
  Open311Discovery,
  Open311ErrorItem,
  Open311Errors,
  Open311RequestToken,
  Open311RequestTokens,
  Open311ServiceDefinition,
  Open311ServiceItem,
  Open311ServiceList,
  Open311ServiceRequest,
  Open311ServiceRequests,
  Open311SubmittedRequest,
  Open311SubmittedRequests,
} from './schemas';
import { SubmissionFields } from './submission';

/**
 * The Open311 routes in the residents API document: GeoReport v2 under /open311/v2 and the
 * admins' client systems under /api/v1/open311/clients, from the schemas the routes read with
 * (`RequestsQueryFields`, `SubmissionFields`, `NewOpen311Client` …) and answer with (`schemas.ts`).
 *
 * GeoReport names its documents by file (`services.json`), and the routes are Express
 * parameters (`/open311/v2/:file`), one route serving several documents. OpenAPI has one
 * operation per method and templated path, so each route is described as it is registered: a
 * path with a `file` parameter whose schema lists the names it serves (an enum, or a pattern for
 * ids), and, where one route serves several documents, an answer that is any of them.
 */

export const open311Tags = {
  georeport: 'Open311 GeoReport v2',
  clients: '接入系统 Open311 clients',
} as const;

/** `name.json`, `name.xml` for each name. */
const fileNames = (names: readonly string[]) => names.flatMap((name) => open311Formats.map((format) => `${name}.${format}`));
/** A name matching `name` (an anchored pattern), then `.json` or `.xml`. */
const fileOf = (name: RegExp) => new RegExp(`^(?:${name.source.replace(/^\^|\$$/g, '')})\\.(?:${open311Formats.join('|')})$`);
const formatNote = 'The suffix is the format: `.json` or `.xml` (another is a 404, answered in XML).';

/** `GET /open311/v2/:file`: the three documents, each in both formats. */
export const GeoReportDocumentParams = z.strictObject({
  file: z.enum(fileNames(georeportDocuments)).meta({ description: `The document: discovery, services or requests. ${formatNote}` }),
});
/** `POST /open311/v2/:file`: requests only (another name is a 404). */
export const GeoReportSubmissionParams = z.strictObject({ file: z.enum(fileNames(['requests'])).meta({ description: formatNote }) });
/** `GET /open311/v2/services/:file`: a service code of the catalogue. */
export const ServiceDefinitionParams = z.strictObject({
  file: z.enum(fileNames(open311Services.map((service) => service.code))).meta({ description: `\`{service_code}.{format}\`, a code of services.json. ${formatNote}` }),
});
/** `GET /open311/v2/requests/:file`: an order number. */
export const ServiceRequestParams = z.strictObject({
  file: z.string().regex(fileOf(serviceRequestIdPattern)).meta({ description: `\`{service_request_id}.{format}\`. ${formatNote}` }),
});
/** `GET /open311/v2/tokens/:file`: the token a submission answered (the service_request_id here). */
export const RequestTokenParams = z.strictObject({
  file: z.string().regex(fileOf(serviceRequestIdPattern)).meta({ description: `\`{token}.{format}\`. ${formatNote}` }),
});

const jurisdiction = {
  jurisdiction_id: z.string().optional().meta({ description: 'May be left out (one jurisdiction is served here); another one is a 404' }),
};
const JurisdictionQuery = z.object(jurisdiction);
/** GET requests.{format}'s arguments (discovery and services take only jurisdiction_id). */
const DocumentQuery = JurisdictionQuery.extend(RequestsQueryFields.shape);

/** POST requests' body: the submission's fields, and what the route reads before them (the client's key, the jurisdiction). */
export const Open311Submission = SubmissionFields.extend({
  api_key: z.string().regex(apiKeyPattern).meta({
    description: 'The client system\'s API key (issued by an admin with `POST /api/v1/open311/clients`); also accepted in the query string. Missing, unknown or revoked: 403',
  }),
  ...jurisdiction,
});

const open311ContentTypeNames = open311Formats.map((format) => open311ContentTypes[format].split(';')[0]!);
const xmlNote = 'JSON, or XML with the same fields as elements (root and repeated elements as named by `xml`; every value text, null an empty element).';

/** An answer in both formats (`.json` → `application/json`, `.xml` → `text/xml`). */
function inBothFormats(description: string, schema: z.ZodType, headers?: Readonly<Record<string, string>>): ResponseDoc {
  return { description: `${description}. ${xmlNote}`, schema, contentType: open311ContentTypeNames, ...(headers ? { headers } : {}) };
}

/** GeoReport's error list (not problem+json), in the format asked for (XML when none can be read). */
function errorList(description: string, headers?: Readonly<Record<string, string>>): ResponseDoc {
  return { description, schema: Open311Errors, contentType: open311ContentTypeNames, ...(headers ? { headers } : {}) };
}

const rateLimitHeaders = {
  'RateLimit-Policy': 'The client system\'s limit, e.g. `60;w=60`',
  'RateLimit-Limit': 'Submissions per window',
  'RateLimit-Remaining': 'Left in this window',
  'RateLimit-Reset': 'Seconds until the window ends',
};

/** The errors every GeoReport route may answer (in the error list, never problem+json). */
const georeportErrors = {
  400: errorList('请求有误 · An argument given twice or malformed: each problem an `<error>`'),
  403: errorList('令牌无效 · An `Authorization` header whose token fails (reading needs none)'),
  500: errorList('服务器内部错误 · Unexpected failure (logged, never described)'),
  503: errorList('依赖的服务暂不可用 · The store or Temporal does not answer; retry (a submission with the same Idempotency-Key opens one order)', { 'Retry-After': 'Seconds to wait' }),
} as const;

const georeport = {
  tags: [open311Tags.georeport],
  security: ['none'],
  commonProblems: false,
} as const;

export const open311RouteDocs: readonly RouteDoc[] = [
  {
    ...georeport,
    method: 'get',
    path: `${georeportBase}/:file`,
    operationId: 'getOpen311Document',
    summary: '服务发现、服务列表、服务请求 · Discovery, services, service requests (by file name)',
    description: [
      'One route serves three documents by file name, so it is one operation whose `file` is one of the names it serves, and whose answer is the document named:',
      '',
      '- `discovery.json` / `.xml` → `Open311Discovery` (Service Discovery)',
      '- `services.json` / `.xml` → `Open311ServiceList` (GET Service List)',
      '- `requests.json` / `.xml` → `Open311ServiceRequests` (GET Service Requests): the requests matching the query arguments, newest first, at most 1,000, within 90 days; the arguments other than `jurisdiction_id` apply to requests only',
      '',
      'No key is needed to read; a request shows nothing of the resident (address masked, coordinates rounded).',
    ].join('\n'),
    params: GeoReportDocumentParams,
    query: DocumentQuery,
    responses: {
      200: inBothFormats('The document named by `file`: `Open311Discovery`, `Open311ServiceList` or `Open311ServiceRequests`', z.union([Open311Discovery, Open311ServiceList, Open311ServiceRequests])),
      ...georeportErrors,
      404: errorList('未找到 · Another name or format, or another jurisdiction'),
    },
  },
  {
    ...georeport,
    method: 'post',
    path: `${georeportBase}/:file`,
    operationId: 'postOpen311ServiceRequest',
    summary: '提交服务请求 · POST Service Request (with a client system\'s api_key)',
    description:
      'Opens an order through the same intake as `POST /api/v1/orders` (channel `open311`), as the resident\'s own: the answer\'s `service_notice` carries the order number and its tracking code (查询码) for the reporter. ' +
      'The body is form-encoded as GeoReport v2 says (JSON is read too); blank fields count as absent, fields beyond the specification are ignored. ' +
      'The route is `POST /open311/v2/:file`; only `requests.json` and `requests.xml` are served (another name is a 404). Rate-limited per client system (`LIANXIN_OPEN311_RATE_LIMIT`).',
    params: GeoReportSubmissionParams,
    headers: IdempotencyKeyHeaders,
    body: Open311Submission,
    bodyContentType: ['application/x-www-form-urlencoded', 'application/json'],
    responses: {
      201: inBothFormats('已受理 · Opened: the order number, and what happens next with its tracking code', Open311SubmittedRequests, {
        Location: 'The request: `/open311/v2/requests/{service_request_id}.{format}`',
        'Cache-Control': '`no-store`',
        ...rateLimitHeaders,
      }),
      200: inBothFormats('重试 · A retry with the same Idempotency-Key: the same order', Open311SubmittedRequests, { Location: 'The request', 'Cache-Control': '`no-store`', ...rateLimitHeaders }),
      ...georeportErrors,
      400: errorList(
        '请求有误 · A missing service_code or location, a bad value, an attribute not in the definition, a grid not in the register, a phone number that is not a mainland mobile, or an Idempotency-Key used for another request: each problem an `<error>`',
      ),
      403: errorList('api_key 无效 · No api_key, or one unknown or revoked (recorded); or an `Authorization` header whose token fails'),
      404: errorList('未找到 · An unknown service_code, a name other than requests, another format or another jurisdiction'),
      429: errorList('请求过于频繁 · The client system has used up its submissions for now', { 'Retry-After': 'Seconds to wait', ...rateLimitHeaders }),
    },
  },
  {
    ...georeport,
    method: 'get',
    path: `${georeportBase}/services/:file`,
    operationId: 'getOpen311ServiceDefinition',
    summary: '服务定义 · GET Service Definition (its attributes)',
    params: ServiceDefinitionParams,
    query: JurisdictionQuery,
    responses: {
      200: inBothFormats('The service\'s attributes (`attribute[code]=value` on POST)', Open311ServiceDefinition),
      ...georeportErrors,
      404: errorList('未找到 · An unknown service_code or format, or another jurisdiction'),
    },
  },
  {
    ...georeport,
    method: 'get',
    path: `${georeportBase}/requests/:file`,
    operationId: 'getOpen311ServiceRequest',
    summary: '服务请求 · GET Service Request (by its id)',
    params: ServiceRequestParams,
    query: JurisdictionQuery,
    responses: {
      200: inBothFormats('A list of the one request', Open311ServiceRequests),
      ...georeportErrors,
      404: errorList('未找到 · No such request (a new one may take a second or two to appear), an unknown format, or another jurisdiction'),
    },
  },
  {
    ...georeport,
    method: 'get',
    path: `${georeportBase}/tokens/:file`,
    operationId: 'getOpen311RequestToken',
    summary: '由令牌查询 · GET service_request_id from a token',
    description: 'Every service is realtime, so a submission answers its service_request_id at once and a token is simply that id.',
    params: RequestTokenParams,
    query: JurisdictionQuery,
    responses: {
      200: inBothFormats('The request the token stands for', Open311RequestTokens),
      ...georeportErrors,
      404: errorList('未找到 · No such token, an unknown format, or another jurisdiction'),
    },
  },
  {
    method: 'post',
    path: '/api/v1/open311/clients',
    summary: '签发 API 密钥 · Issue an API key to a client system (admins)',
    description: 'For admins (`manageOpen311Clients`). The key is answered this once and kept only hashed; issuing is audited.',
    tags: [open311Tags.clients],
    body: NewOpen311Client,
    responses: {
      201: {
        description: '已签发 · The client system and its key (shown only this once)',
        schema: IssuedOpen311Client,
        headers: { Location: 'The client system: `/api/v1/open311/clients/{id}`', 'Cache-Control': '`no-store`' },
      },
      415: problem('请求体必须是 JSON · The body must be JSON'),
    },
  },
  {
    method: 'get',
    path: '/api/v1/open311/clients',
    summary: '接入系统列表 · The client systems (admins)',
    description: 'For admins (`manageOpen311Clients`): newest first, at most 500, revoked ones included; never a key or its hash.',
    tags: [open311Tags.clients],
    responses: { 200: { description: 'OK', schema: Open311ClientList, headers: { 'Cache-Control': '`no-store`' } } },
  },
  {
    method: 'delete',
    path: '/api/v1/open311/clients/:id',
    summary: '吊销 API 密钥 · Revoke a client system\'s key (admins)',
    description: 'For admins (`manageOpen311Clients`). The key is refused from then on; the client stays on record. Revoking twice keeps the first record. Audited.',
    tags: [open311Tags.clients],
    params: Open311ClientIdParams,
    responses: {
      200: { description: '已吊销 · The client system, revoked', schema: Open311ClientView, headers: { 'Cache-Control': '`no-store`' } },
      404: problem('接入系统不存在 · No such client system'),
    },
  },
];

/** The Open311 schemas shown by name in the residents document. */
export const open311Schemas = {
  Open311Discovery,
  Open311Service: Open311ServiceItem,
  Open311ServiceList,
  Open311ServiceDefinition,
  Open311Attribute,
  Open311ServiceRequest,
  Open311ServiceRequests,
  Open311SubmittedRequest,
  Open311SubmittedRequests,
  Open311RequestToken,
  Open311RequestTokens,
  Open311Error: Open311ErrorItem,
  Open311Errors,
  Open311Submission,
  Open311Client: Open311ClientView,
  Open311IssuedClient: IssuedOpen311Client,
  Open311ClientList,
} as const;

export const open311TagDocs: readonly { name: string; description?: string }[] = [
  {
    name: open311Tags.georeport,
    description:
      'Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2): discovery, services and their definitions, requests (read without a key, submitted with a client system\'s `api_key`), tokens. ' +
      'JSON or XML by the file suffix; errors as the specification\'s list (`<errors><error>`) in the same format, never problem+json.',
  },
  { name: open311Tags.clients, description: '接入系统管理: admins issue, list and revoke the client systems\' API keys' },
];
