import express, { Router, type Request, type Response } from 'express';
import type { Model } from 'mongoose';
import { HttpProblem, idempotencyKeyOf, type AccessDeniedRecorder, type Logger } from '@lianxin/platform';
import type { TrackedOrder } from '@lianxin/order-views';
import { openOrder, type IntakeDependencies, type OpenedOrder } from '../intake/open-order';
import type { OrganisationName } from './agencies';
import { kindNotices, serviceByCode } from './catalogue';
import { clientOfKey, type Open311Client, type Open311Clients } from './clients';
import type { Open311Config } from './config';
import { discoveryDocument } from './discovery';
import { open311BadRequest, open311ErrorHandler, open311Forbidden, open311NotFound, rememberFormat } from './errors';
import { isOpen311Format, sendOpen311, type Open311Format } from './format';
import { readRequestsQuery, requestsLimit, trackingFilter } from './query';
import { clientLimit, enforceClientLimit } from './rate-limit';
import {
  open311Projection,
  open311RequestRecord,
  requestTokenDocument,
  responsibleOrganisationId,
  serviceRequestIdPattern,
  serviceRequestsDocument,
  submittedRequestDocument,
  type Open311View,
} from './requests';
import { serviceDefinitionDocument, serviceListDocument } from './service-documents';
import { readSubmission, type Submission } from './submission';

export const georeportBase = '/open311/v2';

/** The documents `GET /open311/v2/:file` serves, by name (`discovery.json`, `services.xml` …); POST takes `requests` only. */
export const georeportDocuments = ['discovery', 'services', 'requests'] as const;

export interface GeoReportOptions {
  config: Open311Config;
  intake: IntakeDependencies;
  orders: Model<TrackedOrder>;
  clients: Open311Clients;
  organisationName: OrganisationName;
  recordDenied: AccessDeniedRecorder;
  log: Logger;
}

/** `services.json` → services, json; a missing or unknown format is a 404 (answered in XML when none can be read). */
function resourceOf(req: Request, res: Response): { name: string; format: Open311Format } {
  const file = String(req.params['file'] ?? '');
  const match = /^(.+)\.([A-Za-z0-9]+)$/.exec(file);
  if (!match) throw open311NotFound(`未找到 ${req.path}：请在资源名后加 .json 或 .xml`);
  const format = match[2]!.toLowerCase();
  if (!isOpen311Format(format)) throw open311NotFound(`不支持的格式「${match[2]}」：请使用 .json 或 .xml`);
  rememberFormat(res, format);
  return { name: match[1]!, format };
}

/** A text argument sent once, from the query string or the form; blank counts as absent. */
function argument(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw open311BadRequest([`${field} 只能提供一次`]);
  return value.trim() === '' ? undefined : value.trim();
}

/** The request's own address, for discovery (the Host it reached us at, when it looks like one). */
function baseUrlOf(req: Request): string {
  const host = req.get('host') ?? '';
  const safeHost = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/.test(host) ? host : '127.0.0.1';
  return `${req.protocol}://${safeHost}${georeportBase}`;
}

/** The POST answer's notice: what happens next, and the order number and tracking code to follow it with. */
function submissionNotice(submission: Submission, opened: OpenedOrder): string {
  return `已受理，工单编号 ${opened.orderId}，查询码 ${opened.trackingCode}（请转告提交人妥善保存，凭工单编号和查询码可查询进度、撤单和评价）。${kindNotices[submission.service.kind]}`;
}

/**
 * GeoReport v2 (wiki.open311.org/GeoReport_v2) under /open311/v2: discovery, services and their
 * definitions, requests (read without a key; submitted with a client system's api_key), a
 * request by id, tokens. JSON or XML by the suffix; errors in the specification's list, in the
 * same format.
 */
export function georeportRoutes(options: GeoReportOptions): Router {
  const { config } = options;
  const router = Router();
  const limit = clientLimit(config.rateLimit);

  /** jurisdiction_id may be left out (one jurisdiction here); another one is not found. */
  const checkJurisdiction = (value: unknown) => {
    const jurisdiction = argument(value, 'jurisdiction_id');
    if (jurisdiction !== undefined && jurisdiction !== config.jurisdictionId) {
      throw open311NotFound(`jurisdiction_id「${jurisdiction}」不在本接口服务范围内（本接口服务 ${config.jurisdictionId}）`);
    }
  };

  /** The client system the api_key belongs to: 403 (recorded) when it is missing, unknown or revoked. */
  const clientOf = async (req: Request): Promise<Open311Client> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const apiKey = argument(body['api_key'] ?? req.query['api_key'], 'api_key');
    if (!apiKey) throw open311Forbidden('缺少 api_key：提交服务请求须使用签发给接入系统的 API 密钥');
    const client = await clientOfKey(options.clients, apiKey);
    if (!client) {
      options.recordDenied({ route: req.path, reason: 'open311: unknown or revoked api_key', status: 403, req });
      throw open311Forbidden('api_key 无效或已吊销，无法提交服务请求');
    }
    return client;
  };

  /** Each order with who is responsible for it: its handler, else the organisation it lies with. */
  const withAgencies = async (views: readonly Open311View[]) => {
    const organisationIds = [...new Set(views.map(responsibleOrganisationId).filter((id): id is string => id !== undefined))];
    const names = new Map(await Promise.all(organisationIds.map(async (id) => [id, await options.organisationName(id)] as const)));
    return views.map((view) => {
      const organisationId = responsibleOrganisationId(view);
      return open311RequestRecord(view, view.handler?.name ?? (organisationId ? names.get(organisationId) : undefined));
    });
  };

  const findView = async (id: string): Promise<Open311View | undefined> => {
    if (!serviceRequestIdPattern.test(id)) return undefined;
    const tracked = await options.orders.findById(id, open311Projection).lean<{ view?: Open311View }>();
    return tracked?.view;
  };

  router.use(georeportBase, express.urlencoded({ extended: true, limit: '64kb', parameterLimit: 200 }));

  router.get(`${georeportBase}/:file`, async (req, res) => {
    const { name, format } = resourceOf(req, res);
    checkJurisdiction(req.query['jurisdiction_id']);
    switch (name) {
      case 'discovery':
        return sendOpen311(res, format, discoveryDocument(config, baseUrlOf(req)));
      case 'services':
        return sendOpen311(res, format, serviceListDocument());
      case 'requests': {
        const query = readRequestsQuery(req.query);
        const tracked = await options.orders
          .find(trackingFilter(query), open311Projection)
          .sort({ 'view.createdAt': -1 })
          .limit(requestsLimit)
          .lean<{ view: Open311View }[]>();
        return sendOpen311(res, format, serviceRequestsDocument(await withAgencies(tracked.map((document) => document.view))));
      }
      default:
        throw open311NotFound(`未找到资源「${name}」：可用 ${georeportDocuments.join('、')}`);
    }
  });

  router.get(`${georeportBase}/services/:file`, (req, res) => {
    const { name: code, format } = resourceOf(req, res);
    checkJurisdiction(req.query['jurisdiction_id']);
    const service = serviceByCode(code);
    if (!service) throw open311NotFound(`service_code「${code}」不存在，请从 services 列表中选择`);
    sendOpen311(res, format, serviceDefinitionDocument(service));
  });

  router.get(`${georeportBase}/requests/:file`, async (req, res) => {
    const { name: id, format } = resourceOf(req, res);
    checkJurisdiction(req.query['jurisdiction_id']);
    const view = await findView(id);
    if (!view) throw open311NotFound(`service_request_id「${id}」不存在（新提交的请求可能需要一两秒才能查到）`);
    sendOpen311(res, format, serviceRequestsDocument(await withAgencies([view])));
  });

  // Tokens are for servers that cannot name the request at once; here the order exists when
  // submitted (every service is realtime), so a token is simply the service_request_id.
  router.get(`${georeportBase}/tokens/:file`, async (req, res) => {
    const { name: token, format } = resourceOf(req, res);
    checkJurisdiction(req.query['jurisdiction_id']);
    const view = await findView(token);
    if (!view) throw open311NotFound(`token「${token}」不存在`);
    sendOpen311(res, format, requestTokenDocument({ service_request_id: view.id, token }));
  });

  router.post(`${georeportBase}/:file`, async (req, res) => {
    const { name, format } = resourceOf(req, res);
    if (name !== 'requests') throw open311NotFound(`未找到资源「${name}」：提交请使用 POST requests.${format}`);
    const client = await clientOf(req);
    await enforceClientLimit(limit, req, res, client.id);
    checkJurisdiction((req.body as Record<string, unknown> | undefined)?.['jurisdiction_id'] ?? req.query['jurisdiction_id']);
    const submission = readSubmission(req.body);
    const key = idempotencyKeyOf(req);
    const opened = await openOrder(options.intake, {
      intake: submission.intake,
      // Opened by the resident themself, as a resident's own web intake is: a client system is
      // not staff and holds no role in the access table, and the order is the resident's — they
      // follow, cancel and rate it with its tracking code (`ownerOrScope` checks the actor is
      // `residentActor(orderId)`). The client system is named in the audit trail instead.
      ...(key ? { idempotency: { key: `open311:${client.id}:${key}`, request: { intake: submission.intake, openedBy: `open311:${client.id}` } } } : {}),
      auditActor: { id: `open311:${client.id}` },
      auditDetails: { open311Client: client.id, openedAs: 'resident' },
    }).catch((error: unknown) => {
      // The only reference a submission can get wrong is its grid (address_id).
      if (error instanceof HttpProblem && error.code === 'unknown-reference') {
        throw open311BadRequest([`address_id「${submission.intake.location.gridId ?? ''}」不是名册中的网格编号`]);
      }
      throw error;
    });
    res.set('Cache-Control', 'no-store').location(`${georeportBase}/requests/${opened.orderId}.${format}`);
    sendOpen311(
      res,
      format,
      submittedRequestDocument({ service_request_id: opened.orderId, service_notice: submissionNotice(submission, opened), account_id: submission.accountId ?? null }),
      opened.replay ? 200 : 201,
    );
  });

  router.use(georeportBase, () => {
    throw open311NotFound('未找到该资源：可用 discovery、services、services/{service_code}、requests、requests/{service_request_id}、tokens/{token}');
  });
  router.use(georeportBase, open311ErrorHandler(options.log));
  return router;
}
