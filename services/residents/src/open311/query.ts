import { z } from 'zod';
import { OrderStatus, type OrderStatus as OrderStatusType } from '@lianxin/contracts';
import { serviceByCode, type Open311Service } from './catalogue';
import { open311BadRequest } from './errors';
import { closedStatuses, serviceRequestIdPattern } from './requests';
import { Open311Status } from './schemas';

/**
 * GET Service Requests' arguments: `service_request_id` (comma list; overrides all the others),
 * `service_code` and `status` (comma lists), `start_date` / `end_date` (W3C date-times with a
 * time zone, on requested_datetime). Without dates the window is the most recent 90 days; with
 * one date, 90 days from or up to it; a window longer than 90 days is refused. At most 1,000
 * requests, newest first (the specification's default volume).
 */
export const windowMs = 90 * 24 * 60 * 60 * 1000;
export const requestsLimit = 1000;

export type RequestsQuery =
  | { kind: 'ids'; ids: string[] }
  | { kind: 'search'; from: Date; to: Date; services: Open311Service[] | undefined; statuses: Open311Status[] | undefined };

const single = (field: string) => z.string(`${field} 只能提供一次`).optional();

/** A list argument, comma delimited, possibly declared more than once (`status=open&status=closed`). */
const list = (field: string) =>
  z
    .union([z.string(), z.array(z.string())], `${field} 应为逗号分隔的文本`)
    .transform((value) => (Array.isArray(value) ? value.join(',') : value))
    .optional();

/** The query string of GET Service Requests (`requests.json` / `requests.xml`), as `readRequestsQuery` reads it. */
export const RequestsQueryFields = z.object({
  service_request_id: list('service_request_id').meta({ description: 'Comma separated order numbers; when given, the other arguments are ignored' }),
  service_code: list('service_code').meta({ description: 'Comma separated service codes' }),
  start_date: single('start_date').meta({ description: 'W3C date-time with a time zone (on requested_datetime), e.g. `2026-01-01T00:00:00+08:00`' }),
  end_date: single('end_date').meta({ description: 'W3C date-time with a time zone; at most 90 days after start_date (without dates: the last 90 days)' }),
  status: list('status').meta({ description: 'Comma separated: `open`, `closed`' }),
});

const W3cDateTime = z.iso.datetime({ offset: true });

function commaList(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items && items.length > 0 ? items : undefined;
}

function dateOf(field: string, value: string | undefined, problems: string[]): Date | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (!W3cDateTime.safeParse(value.trim()).success) {
    problems.push(`${field}「${value}」应为带时区的 W3C 日期时间，如 2026-01-01T00:00:00Z 或 2026-01-01T08:00:00+08:00`);
    return undefined;
  }
  return new Date(value.trim());
}

/** Reads the query string; every problem found goes into one 400 list. */
export function readRequestsQuery(query: unknown, now = new Date()): RequestsQuery {
  const parsed = RequestsQueryFields.safeParse(query ?? {});
  if (!parsed.success) throw open311BadRequest(parsed.error.issues.map((issue) => issue.message));
  const fields = parsed.data;
  const problems: string[] = [];

  const ids = commaList(fields.service_request_id);
  if (ids) {
    if (ids.length > requestsLimit) problems.push(`service_request_id 一次最多 ${requestsLimit} 个`);
    const malformed = ids.filter((id) => !serviceRequestIdPattern.test(id));
    if (malformed.length > 0) problems.push(`service_request_id「${malformed.join('、')}」格式不正确`);
    if (problems.length > 0) throw open311BadRequest(problems);
    return { kind: 'ids', ids: [...new Set(ids)] };
  }

  const codes = commaList(fields.service_code);
  const unknownCodes = (codes ?? []).filter((code) => !serviceByCode(code));
  if (unknownCodes.length > 0) problems.push(`service_code「${unknownCodes.join('、')}」不存在，请从 services 列表中选择`);
  const statuses = commaList(fields.status);
  const unknownStatuses = (statuses ?? []).filter((status) => !Open311Status.safeParse(status).success);
  if (unknownStatuses.length > 0) problems.push(`status「${unknownStatuses.join('、')}」无效，可选 ${Open311Status.options.join('、')}`);

  const start = dateOf('start_date', fields.start_date, problems);
  const end = dateOf('end_date', fields.end_date, problems);
  const to = end ?? (start ? new Date(start.getTime() + windowMs) : now);
  const from = start ?? new Date(to.getTime() - windowMs);
  if (start && end && end < start) problems.push('end_date 不能早于 start_date');
  else if (to.getTime() - from.getTime() > windowMs) problems.push('start_date 与 end_date 之间不能超过 90 天');
  if (problems.length > 0) throw open311BadRequest(problems);

  return {
    kind: 'search',
    from,
    to,
    services: codes?.map((code) => serviceByCode(code)!),
    statuses: statuses ? ([...new Set(statuses)] as Open311Status[]) : undefined,
  };
}

/** The order statuses an Open311 status stands for. */
function orderStatusesOf(statuses: readonly Open311Status[]): OrderStatusType[] {
  return OrderStatus.options.filter((status) => statuses.includes(closedStatuses.includes(status) ? 'closed' : 'open'));
}

/** The query on the tracking read model (its `view`, as the order events left it). */
export function trackingFilter(query: RequestsQuery): Record<string, unknown> {
  if (query.kind === 'ids') return { _id: { $in: query.ids } };
  return {
    // requested_datetime: the view's createdAt, an ISO-8601 UTC instant, which sorts as text.
    'view.createdAt': { $gte: query.from.toISOString(), $lte: query.to.toISOString() },
    ...(query.statuses ? { 'view.status': { $in: orderStatusesOf(query.statuses) } } : {}),
    ...(query.services ? { $or: query.services.map((service) => ({ 'view.kind': service.kind, 'view.category': service.category })) } : {}),
  };
}
