import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { Problem, problem, problemContentType } from './problem-schema';
import type { ApiDescription, ResponseDoc, RouteDoc, RouteSecurity } from './route-doc';

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) or any other JSON object of the document. */
export type JsonObject = { [key: string]: unknown };

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, JsonObject>>;
  components: { schemas: Record<string, JsonObject>; securitySchemes: Record<string, JsonObject> };
}

export const openApiVersion = '3.1.1';

/** Where the bearer tokens come from, for the `bearerAuth` description. */
export interface SignInInfo {
  /** The OpenID provider's issuer URL. */
  issuer: string;
  /** The audience the services require. */
  audience?: string;
}

const schemaRef = (name: string) => `#/components/schemas/${name}`;

/** `/api/v1/orders/:id/timeline` → `/api/v1/orders/{id}/timeline`; Express patterns OpenAPI cannot say are refused. */
export function openApiPath(expressPath: string): string {
  if (/[*?{}()]/.test(expressPath)) throw new Error(`OpenAPI has no form for the Express path ${expressPath} (wildcards, optional parts)`);
  return expressPath.replace(/:([A-Za-z_$][\w$]*)/g, '{$1}');
}

/** `get /api/v1/orders/:id/timeline` → `getOrdersByIdTimeline` (leading `api` and `v1` left out). */
export function defaultOperationId(method: string, expressPath: string): string {
  const segments = expressPath.split('/').filter((s, i, all) => s && !(i <= 2 && (s === 'api' || (/^v\d+$/.test(s) && all[i - 1] === 'api'))));
  const words = segments.map((s) => (s.startsWith(':') ? `By-${s.slice(1)}` : s));
  const camel = words
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  return `${method}${camel}`;
}

type Side = 'input' | 'output';

/** Turns zod schemas into JSON Schema, named ones collected once as components. */
class SchemaCollector {
  private readonly registry = z.registry<{ id: string }>();
  private readonly named = new Set<string>();
  private readonly defs: Record<Side, Map<string, JsonObject>> = { input: new Map(), output: new Map() };
  /** Converted schemas whose `#/$defs/…` references still point nowhere, by side. */
  private readonly pending: { json: unknown; side: Side }[] = [];

  constructor(schemas: Readonly<Record<string, z.ZodType>>) {
    for (const [name, schema] of Object.entries(schemas)) {
      if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`schema name ${name} is not a valid component name`);
      const already = this.registry.get(schema)?.id;
      if (already !== undefined) throw new Error(`one schema named twice: ${already} and ${name}`);
      this.registry.add(schema, { id: name });
      this.named.add(name);
    }
  }

  /**
   * One schema as JSON Schema (`io: 'input'` for what a client sends — defaults optional —,
   * `'output'` for what the service answers). Named schemas inside become references.
   */
  convert(schema: z.ZodType, side: Side): JsonObject {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io: side,
      metadata: this.registry,
      // Mongo's Date, bigints …: described as anything rather than refused.
      unrepresentable: 'any',
      // Descriptions and examples given with .meta()/.describe() live in zod's global registry.
      override: ({ zodSchema, jsonSchema }) => {
        const { id: _id, ...meta } = z.globalRegistry.get(zodSchema) ?? {};
        for (const [key, value] of Object.entries(meta)) if (!(key in jsonSchema)) (jsonSchema as JsonObject)[key] = value;
      },
    }) as JsonObject;
    const { $schema: _schema, $defs, ...rest } = json;
    for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, JsonObject>)) {
      if (!this.named.has(name)) throw new Error(`a schema refers to itself without a name (${name}): name it in \`schemas\``);
      const known = this.defs[side].get(name);
      if (known && !isDeepStrictEqual(known, def)) throw new Error(`schema ${name} converts two ways`);
      if (!known) {
        delete def['id'];
        this.defs[side].set(name, def);
        this.pending.push({ json: def, side });
      }
    }
    this.pending.push({ json: rest, side });
    return rest;
  }

  /**
   * The components, and every reference pointed at them. A named schema that reads differently
   * as input and as output (defaults, coercion) is shown twice: `Name` (output) and `NameInput`.
   */
  finish(): Record<string, JsonObject> {
    const inputName = new Map<string, string>();
    const components: Record<string, JsonObject> = {};
    for (const [name, def] of this.defs.output) components[name] = def;
    for (const [name, def] of this.defs.input) {
      const output = this.defs.output.get(name);
      if (output === undefined || isDeepStrictEqual(output, def)) {
        components[name] = def;
        inputName.set(name, name);
      } else {
        const renamed = `${name}Input`;
        if (this.named.has(renamed)) throw new Error(`${renamed} is taken: cannot show the input form of ${name}`);
        components[renamed] = def;
        inputName.set(name, renamed);
      }
    }
    const rewrite = (node: unknown, side: Side): void => {
      if (Array.isArray(node)) node.forEach((item) => rewrite(item, side));
      else if (node && typeof node === 'object') {
        const object = node as JsonObject;
        const ref = object['$ref'];
        if (typeof ref === 'string' && ref.startsWith('#/$defs/')) {
          const name = ref.slice('#/$defs/'.length);
          object['$ref'] = schemaRef(side === 'input' ? (inputName.get(name) ?? name) : name);
        }
        for (const value of Object.values(object)) rewrite(value, side);
      }
    };
    for (const { json, side } of this.pending) rewrite(json, side);
    return Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b)));
  }
}

function parametersOf(collector: SchemaCollector, schema: z.ZodType | undefined, where: 'path' | 'query' | 'header', route: string): JsonObject[] {
  if (!schema) return [];
  const json = collector.convert(schema, 'input');
  if (json['type'] !== 'object' || typeof json['properties'] !== 'object') throw new Error(`${route}: ${where} parameters must be an object schema`);
  const required = new Set((json['required'] as string[] | undefined) ?? []);
  return Object.entries(json['properties'] as Record<string, JsonObject>).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

const commonProblemDocs = {
  400: problem('请求格式或参数有误 · Malformed request or failed validation (`errors` lists each issue)'),
  401: problem('未登录或令牌无效 · No valid sign-in (a token that fails is refused on every route)', { 'WWW-Authenticate': 'Bearer realm="lianxin"' }),
  403: problem('无权访问或不在管辖范围内 · Role, scope or tracking code does not allow it'),
  500: problem('服务器内部错误 · Unexpected failure (no internals shown)'),
  503: problem('依赖的服务暂不可用 · Temporal, the store or the identity provider does not answer; retry (same Idempotency-Key is safe)', {
    'Retry-After': 'Seconds to wait',
  }),
} as const;

function responsesOf(collector: SchemaCollector, route: RouteDoc): Record<string, JsonObject> {
  const declared = new Map<number, ResponseDoc>(
    Object.entries(route.responses).map(([status, answer]) => [
      Number(status),
      isZodSchema(answer) ? { description: defaultDescription(Number(status)), schema: answer } : answer,
    ]),
  );
  if (route.commonProblems !== false) {
    const security = route.security ?? ['bearer'];
    const hasInput = Boolean(route.params ?? route.query ?? route.headers ?? route.body);
    const add = (status: keyof typeof commonProblemDocs, when: boolean) => {
      if (when && !declared.has(status)) declared.set(status, commonProblemDocs[status]);
    };
    add(400, hasInput);
    add(401, security.includes('bearer'));
    add(403, security.includes('bearer') || security.includes('trackingCode'));
    add(500, true);
    add(503, true);
  }
  const responses: Record<string, JsonObject> = {};
  for (const [status, answer] of [...declared].sort(([a], [b]) => a - b)) {
    const contentTypes = answer.contentType ?? (answer.schema === Problem ? problemContentType : 'application/json');
    const schema = answer.schema ? collector.convert(answer.schema, 'output') : undefined;
    responses[String(status)] = {
      description: answer.description,
      ...(answer.headers
        ? { headers: Object.fromEntries(Object.entries(answer.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) }
        : {}),
      ...(schema ? { content: Object.fromEntries((typeof contentTypes === 'string' ? [contentTypes] : contentTypes).map((type) => [type, { schema }])) } : {}),
    };
  }
  return responses;
}

function requestBodyOf(collector: SchemaCollector, body: z.ZodType, contentTypes: string | readonly string[]): JsonObject {
  const schema = collector.convert(body, 'input');
  return { required: true, content: Object.fromEntries((typeof contentTypes === 'string' ? [contentTypes] : contentTypes).map((type) => [type, { schema }])) };
}

function isZodSchema(value: z.ZodType | ResponseDoc): value is z.ZodType {
  return '_zod' in value;
}

function defaultDescription(status: number): string {
  if (status === 200) return 'OK';
  if (status === 201) return 'Created';
  if (status === 204) return 'No content';
  return `HTTP ${status}`;
}

const securityRequirement: Record<RouteSecurity, JsonObject> = { bearer: { bearerAuth: [] }, trackingCode: { trackingCode: [] }, none: {} };

function securitySchemes(used: Set<RouteSecurity>, signIn: SignInInfo | undefined): Record<string, JsonObject> {
  const schemes: Record<string, JsonObject> = {};
  if (used.has('bearer')) {
    const issuer = signIn?.issuer;
    schemes['bearerAuth'] = {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: [
        'An access token (JWT) from the OpenID provider' + (issuer ? ` \`${issuer}\` (discovery: \`${issuer}/.well-known/openid-configuration\`)` : '') + '.',
        'Consoles sign in with the authorization code flow and PKCE (zh-CN login page); in development, `npm run token -- <username>` prints one (e.g. `agent-hotline-1`, `mem-yeshan-dispatcher`).',
        `Checked against the issuer's JWKS: asymmetric signature, issuer, audience${signIn?.audience ? ` \`${signIn.audience}\`` : ''}, expiry. A token that fails is a 401 on every route.`,
      ].join(' '),
    };
  }
  if (used.has('trackingCode')) {
    schemes['trackingCode'] = {
      type: 'apiKey',
      in: 'header',
      name: 'X-Tracking-Code',
      description: '查询码 given with the order number at intake (e.g. `7K3Q-X9MD`): the resident reads, cancels and rates that one order with it, without an account. A code that is not the order\'s is a 403.',
    };
  }
  return schemes;
}

/**
 * The OpenAPI 3.1 document of a service, generated from its route declarations with zod's own
 * `z.toJSONSchema` (draft 2020-12): request parts as the schemas' input, answers as their
 * output; the schemas named in `api.schemas` (and `Problem`) once under `components.schemas`.
 * Throws on a declaration it cannot describe faithfully (a path parameter without a schema, a
 * route declared twice, an Express pattern with no OpenAPI form …).
 */
export function openApiDocument(api: ApiDescription, signIn?: SignInInfo): OpenApiDocument {
  const collector = new SchemaCollector({ ...api.schemas, Problem });
  const paths: OpenApiDocument['paths'] = {};
  const operationIds = new Set<string>();
  const usedSecurity = new Set<RouteSecurity>();
  const tags = new Map<string, string | undefined>((api.tags ?? []).map((t) => [t.name, t.description]));

  for (const route of api.routes) {
    const name = `${route.method.toUpperCase()} ${route.path}`;
    const path = openApiPath(route.path);
    const item = (paths[path] ??= {});
    if (item[route.method]) throw new Error(`${name} is declared twice`);

    const operationId = route.operationId ?? defaultOperationId(route.method, route.path);
    if (operationIds.has(operationId)) throw new Error(`${name}: operationId ${operationId} is taken`);
    operationIds.add(operationId);

    const parameters = [
      ...parametersOf(collector, route.params, 'path', name),
      ...parametersOf(collector, route.query, 'query', name),
      ...parametersOf(collector, route.headers, 'header', name),
    ];
    const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).sort();
    const described = parameters.filter((p) => p['in'] === 'path').map((p) => String(p['name'])).sort();
    if (!isDeepStrictEqual(inPath, described)) {
      throw new Error(`${name}: path parameters [${inPath.join(', ')}] but \`params\` describes [${described.join(', ')}]`);
    }

    const security = route.security ?? ['bearer'];
    for (const s of security) usedSecurity.add(s);
    for (const tag of route.tags ?? []) if (!tags.has(tag)) tags.set(tag, undefined);

    item[route.method] = {
      operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      ...(route.tags?.length ? { tags: [...route.tags] } : {}),
      security: security.length === 1 && security[0] === 'none' ? [] : security.map((s) => securityRequirement[s]),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body ? { requestBody: requestBodyOf(collector, route.body, route.bodyContentType ?? 'application/json') } : {}),
      responses: responsesOf(collector, route),
    };
  }

  return {
    openapi: openApiVersion,
    info: { title: api.title, version: api.version, ...(api.description ? { description: api.description } : {}) },
    ...(tags.size ? { tags: [...tags].map(([tagName, description]) => ({ name: tagName, ...(description ? { description } : {}) })) } : {}),
    paths,
    components: { schemas: collector.finish(), securitySchemes: securitySchemes(usedSecurity, signIn) },
  };
}
