import { z } from 'zod';
import { IntakeOrder, type IntakeOrderInput, type Urgency } from '@lianxin/contracts';
import { parseOrProblem } from '@lianxin/platform';
import { mainlandMobilePattern, normalisePhone } from '../intake/phone';
import { checkAttributes, keyPopulationAttribute, optionName } from './attributes';
import { serviceByCode, type Open311Service } from './catalogue';
import { open311BadRequest, open311NotFound } from './errors';

/**
 * POST Service Request, from the form (or JSON) fields of GeoReport v2 to the intake's order.
 * "Optional" fields sent empty count as not sent (the specification's rule). Fields beyond the
 * specification are ignored. What the order has no place for is not kept: `email` and
 * `device_id` (personal or device identifiers, and the intake takes neither); `account_id` is
 * only echoed back, as the response defines it.
 */
const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const text = (field: string, max: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string(`${field} 应为一个文本值`)
      .trim()
      .max(max, `${field} 不能超过 ${max} 个字符`)
      .optional(),
  );

const coordinate = (field: string, min: number, max: number) =>
  z.preprocess(
    (value) => {
      const blank = blankToUndefined(value);
      return typeof blank === 'string' ? Number(blank) : blank;
    },
    z
      .number(`${field} 应为 WGS84 十进制度数`)
      .min(min, `${field} 应在 ${min} 到 ${max} 之间`)
      .max(max, `${field} 应在 ${min} 到 ${max} 之间`)
      .optional(),
  );

const attributeValues = z.union([z.string(), z.array(z.string())], 'attribute 的值应为文本或文本列表');

/** POST Service Request's fields, as `readSubmission` reads them (others are ignored). */
export const SubmissionFields = z.object({
  service_code: text('service_code', 100).meta({ description: 'Required: a code of services.json (an unknown one is a 404)' }),
  lat: coordinate('lat', -90, 90).meta({ description: 'WGS84, with long. A location is required: lat and long, address_string or address_id' }),
  long: coordinate('long', -180, 180).meta({ description: 'WGS84, with lat' }),
  address_string: text('address_string', 200),
  address_id: z
    .preprocess(
      blankToUndefined,
      z
        .string('address_id 应为一个文本值')
        .trim()
        .regex(/^[A-Za-z0-9_-]{1,64}$/, 'address_id 应为名册中的网格编号（如 grid-yeshan-dongwang-1）')
        .optional(),
    )
    .meta({ description: '网格编号 of the register, e.g. `grid-yeshan-dongwang-1`' }),
  email: text('email', 254).meta({ description: 'Accepted, not kept' }),
  device_id: text('device_id', 200).meta({ description: 'Accepted, not kept' }),
  account_id: text('account_id', 200).meta({ description: 'Echoed in the answer, not kept' }),
  first_name: text('first_name', 20).meta({ description: '名; the order names 姓名 (last_name first), 匿名 without either' }),
  last_name: text('last_name', 20).meta({ description: '姓' }),
  phone: text('phone', 20).meta({ description: 'A mainland mobile number (spaces, dashes, +86 allowed); kept sealed, never in a read' }),
  // The intake keeps 2,000 characters (the specification allows up to 4,000).
  description: text('description', 2000).meta({ description: 'Its first line becomes the order\'s title' }),
  media_url: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'media_url 应为 http(s) 网址' })
      .max(500, 'media_url 不能超过 500 个字符')
      .optional(),
  ),
  attribute: z
    .record(z.string(), attributeValues, 'attribute 应写作 attribute[代码]=值')
    .optional()
    .meta({ description: "The service definition's attributes: `attribute[urgency]=general` in a form (JSON: an object, or flat `attribute[code]` keys)" }),
});

/** `attribute[code]=value` pairs as the body parser left them: nested (form, JSON) or as flat keys (JSON). */
function submittedAttributes(body: Record<string, unknown>, nested: Record<string, string | string[]> | undefined): Record<string, string[]> {
  const attributes: Record<string, string[]> = {};
  const add = (code: string, value: unknown) => {
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    attributes[code] = [...(attributes[code] ?? []), ...values];
  };
  for (const [code, value] of Object.entries(nested ?? {})) add(code, value);
  for (const [field, value] of Object.entries(body)) {
    const flat = /^attribute\[([^\]]+)\](?:\[\])?$/.exec(field);
    if (flat) add(flat[1]!, value);
  }
  return attributes;
}

/** 王 + 秀英 → 王秀英 (family name first, as the name is written in Chinese); nobody named → 匿名. */
function residentName(firstName: string | undefined, lastName: string | undefined): string {
  const name = `${lastName ?? ''}${firstName ?? ''}`.trim();
  return name === '' ? '匿名' : name;
}

/** The order's title: the description's first line, shortened; else the service's name. */
function titleOf(description: string | undefined, service: Open311Service): string {
  const firstLine = description?.split(/\r?\n/).find((line) => line.trim() !== '')?.trim();
  if (!firstLine) return `${service.group}：${service.category}`;
  const chars = [...firstLine];
  return chars.length > 40 ? `${chars.slice(0, 39).join('')}…` : firstLine;
}

export interface Submission {
  service: Open311Service;
  intake: IntakeOrder;
  /** Echoed in the answer, as the specification's response defines it. */
  accountId: string | undefined;
}

/**
 * Reads a POST body into the order it asks for: an unknown service code is a 404; every other
 * problem (missing service code or location, a bad value, an attribute not in the definition, a
 * phone number that is not a mainland mobile) is collected into one 400 list.
 */
export function readSubmission(body: unknown): Submission {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const parsed = SubmissionFields.safeParse(raw);
  if (!parsed.success) {
    throw open311BadRequest(parsed.error.issues.map((issue) => (issue.message.includes(String(issue.path[0] ?? '')) ? issue.message : `${issue.path.join('.')}: ${issue.message}`)));
  }
  const fields = parsed.data;
  if (!fields.service_code) throw open311BadRequest(['service_code 必填：请从 services 列表中选择服务代码']);
  const service = serviceByCode(fields.service_code);
  if (!service) throw open311NotFound(`service_code「${fields.service_code}」不存在，请从 services 列表中选择`);

  const problems: string[] = [];
  const hasCoordinates = fields.lat !== undefined && fields.long !== undefined;
  if ((fields.lat === undefined) !== (fields.long === undefined)) problems.push('lat 与 long 须同时提供');
  if (!hasCoordinates && !fields.address_string && !fields.address_id) {
    problems.push('须提供位置：lat 与 long，或 address_string，或 address_id（网格编号）');
  }
  const phone = fields.phone === undefined ? undefined : normalisePhone(fields.phone);
  if (phone !== undefined && !mainlandMobilePattern.test(phone)) problems.push('phone 应为中国大陆手机号（11 位，以 1 开头）');
  const name = residentName(fields.first_name, fields.last_name);
  if ([...name].length > 30) problems.push('first_name 与 last_name 合计不能超过 30 个字符');
  const { answers, problems: attributeProblems } = checkAttributes(service.attributes, submittedAttributes(raw, fields.attribute));
  problems.push(...attributeProblems);
  if (problems.length > 0) throw open311BadRequest(problems);

  const urgency = answers.get('urgency')?.[0] as Urgency | undefined;
  const keyPopulations = (answers.get(keyPopulationAttribute.code) ?? []).map((key) => optionName(keyPopulationAttribute, key));
  const input: IntakeOrderInput = {
    kind: service.kind,
    category: service.category,
    ...(urgency ? { urgency } : {}),
    title: titleOf(fields.description, service),
    description: fields.description ?? `（经 Open311 提交的${service.group}，未附描述）`,
    channel: 'open311',
    resident: { name, ...(phone ? { phone } : {}), keyPopulations },
    location: {
      ...(fields.address_string ? { address: fields.address_string } : {}),
      ...(fields.address_id ? { gridId: fields.address_id } : {}),
      ...(hasCoordinates ? { latitude: fields.lat, longitude: fields.long } : {}),
    },
    attachments: fields.media_url ? [fields.media_url] : [],
  };
  return { service, intake: parseOrProblem(IntakeOrder, input), accountId: fields.account_id };
}
