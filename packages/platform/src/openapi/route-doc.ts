import type { z } from 'zod';

/**
 * One route of a service, declared once with the zod schemas that validate it: the OpenAPI
 * document (`openApiDocument`) is generated from these declarations, never written by hand.
 *
 *     {
 *       method: 'get', path: '/api/v1/orders/:id', tags: ['tracking'],
 *       summary: '工单跟踪 · Read an order',
 *       security: ['bearer', 'trackingCode'],
 *       params: OrderIdParams,
 *       responses: { 200: SealedOrderView, 404: problem('工单不存在 · No such order') },
 *     }
 */
export interface RouteDoc {
  method: HttpMethod;
  /** Express style, `/api/v1/orders/:id` (it becomes `/api/v1/orders/{id}`). */
  path: string;
  /** One line, zh-CN and/or English. */
  summary: string;
  /** More, in Markdown. */
  description?: string;
  tags?: readonly string[];
  /** Unique in the service; by default made from the method and the path (`getOrdersByIdTimeline`). */
  operationId?: string;
  /**
   * Who may call it; any one of them is enough: `bearer` (a signed-in token), `trackingCode`
   * (a resident's 查询码 in `X-Tracking-Code`), `none` (anyone). Default `['bearer']`.
   */
  security?: readonly RouteSecurity[];
  /** Path parameters: an object schema with one key per `:name` of the path. */
  params?: z.ZodType;
  /** Query parameters: an object schema (the route's own, e.g. `InboxQuery`). */
  query?: z.ZodType;
  /** Request headers worth naming (not `Authorization` or `X-Tracking-Code`: see `security`). */
  headers?: z.ZodType;
  /** The request body (`application/json` unless `bodyContentType` says otherwise). */
  body?: z.ZodType;
  /**
   * The body's media types, default `application/json`; several when the route reads the same
   * fields in more than one (e.g. Open311's `application/x-www-form-urlencoded` and JSON).
   */
  bodyContentType?: string | readonly string[];
  /** Status → the answer's schema, or a `ResponseDoc` (see `problem()`). */
  responses: Readonly<Record<number, z.ZodType | ResponseDoc>>;
  /**
   * `false` leaves out the problems every route may answer, which are otherwise added unless
   * declared: 400 (with any input), 401 and 403 (with a token or code), 500 and 503.
   */
  commonProblems?: false;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type RouteSecurity = 'bearer' | 'trackingCode' | 'none';

/** An answer in full: its description, body schema, media type and headers. */
export interface ResponseDoc {
  description: string;
  /** The body; none for an empty answer. */
  schema?: z.ZodType;
  /**
   * Default `application/json` (`application/problem+json` for the `Problem` schema); several
   * when the same answer comes in more than one (e.g. Open311's `application/json` and `text/xml`).
   */
  contentType?: string | readonly string[];
  /** Response headers: name → description (string values). */
  headers?: Readonly<Record<string, string>>;
}

/**
 * What a service's document says about itself (`openapi` in its `startHttpService` definition):
 * its title, version, the routes, and the schemas shown by name under `components.schemas`.
 */
export interface ApiDescription {
  title: string;
  version: string;
  /** Markdown, shown at the top of /docs. */
  description?: string;
  routes: readonly RouteDoc[];
  /**
   * Schemas shown by name (a `$ref` wherever they appear), e.g. `{ IntakeOrder, SealedOrderView }`.
   * Others are written out where they are used. `Problem` is always named.
   */
  schemas?: Readonly<Record<string, z.ZodType>>;
  /** Descriptions of the tags the routes use. */
  tags?: readonly { name: string; description?: string }[];
}
