import { z } from 'zod';
import { attributeDatatypes } from './attributes';
import { endpointTypes } from './config';

/**
 * The answers of GeoReport v2 as zod schemas, in their JSON form (the Spark convention of
 * `format.ts`: the root element dropped, every list an array). The residents API document
 * shows them, and the builders' bodies are typed by them (`Open311Form<z.infer<…>>`), so the
 * document and the answer cannot drift apart.
 *
 * XML carries the same data: the `xml` notes (OpenAPI's XML object) name the root and the
 * repeated elements (`<services><service>…`); every value is text there, null an empty element.
 */

const xmlName = (name: string) => ({ xml: { name } });

/** A list: an array in JSON, `<container><element>…</element></container>` in XML. */
const listOf = <Item extends z.ZodType>(container: string, item: Item) => z.array(item).meta({ xml: { name: container, wrapped: true } });

const instant = z.iso.datetime({ offset: true });

/** GeoReport's two statuses (see `closedStatuses` in `requests.ts`). */
export const Open311Status = z.enum(['open', 'closed']).meta({
  description: '`closed` once the work is done or the order has ended (办结, 销号, 撤单, 不予受理, 合并); `open` while anything is still to do',
});
export type Open311Status = z.infer<typeof Open311Status>;

/** One `<request>` of GET Service Requests / GET Service Request: nothing of the resident. */
export const Open311ServiceRequest = z
  .strictObject({
    service_request_id: z.string().meta({ description: '工单编号 (the order number)' }),
    status: Open311Status,
    status_notes: z.string().meta({ description: "The order's own status (zh-CN), e.g. 办理中" }),
    service_name: z.string(),
    service_code: z.string().nullable().meta({ description: 'null for a category no longer in the catalogue' }),
    description: z.string().meta({ description: "The reporter's words for a request submitted through Open311; else the order's title" }),
    agency_responsible: z.string().nullable().meta({ description: 'Its handler, else the organisation it lies with (null when the register does not answer)' }),
    service_notice: z.string(),
    requested_datetime: instant,
    updated_datetime: instant,
    expected_datetime: instant.nullable().meta({ description: 'When it is due (null when closed, or while its clock is paused)' }),
    address: z.string().nullable().meta({ description: 'Masked as in tracking (冶山镇东王村****)' }),
    address_id: z.string().nullable().meta({ description: 'The grid (网格编号)' }),
    zipcode: z.null(),
    lat: z.number().nullable().meta({ description: 'Rounded to about 100 m' }),
    long: z.number().nullable().meta({ description: 'Rounded to about 100 m' }),
    media_url: z.string().nullable(),
  })
  .meta(xmlName('request'));
export type Open311ServiceRequest = z.infer<typeof Open311ServiceRequest>;
export const Open311ServiceRequests = listOf('service_requests', Open311ServiceRequest);

/** POST Service Request's answer: the order opened, what happens next (with its tracking code), the echoed account_id. */
export const Open311SubmittedRequest = z
  .strictObject({
    service_request_id: z.string().meta({ description: '工单编号 (the order number)' }),
    service_notice: z.string().meta({ description: 'What happens next, with the order number and its tracking code (查询码) for the reporter' }),
    account_id: z.string().nullable(),
  })
  .meta(xmlName('request'));
export type Open311SubmittedRequest = z.infer<typeof Open311SubmittedRequest>;
export const Open311SubmittedRequests = listOf('service_requests', Open311SubmittedRequest);

/** GET service_request_id from a token: here the token is the service_request_id itself. */
export const Open311RequestToken = z.strictObject({ service_request_id: z.string(), token: z.string() }).meta(xmlName('request'));
export type Open311RequestToken = z.infer<typeof Open311RequestToken>;
export const Open311RequestTokens = listOf('service_requests', Open311RequestToken);

/** One `<service>` of GET Service List. */
export const Open311ServiceItem = z
  .strictObject({
    service_code: z.string().meta({ description: '`<kind>.<slug>`, e.g. `concern.road-safety`' }),
    service_name: z.string(),
    description: z.string(),
    metadata: z.boolean().meta({ description: 'true: it has attributes (its definition: `services/{service_code}.json`)' }),
    type: z.literal('realtime').meta({ description: 'Every service is realtime: the order exists when submitted' }),
    keywords: z.string().meta({ description: 'Comma separated' }),
    group: z.string(),
  })
  .meta(xmlName('service'));
export type Open311ServiceItem = z.infer<typeof Open311ServiceItem>;
export const Open311ServiceList = listOf('services', Open311ServiceItem);
export type Open311ServiceList = z.infer<typeof Open311ServiceList>;

export const Open311AttributeValue = z.strictObject({ key: z.string(), name: z.string() }).meta(xmlName('value'));

/** One `<attribute>` of a service definition (`attribute[code]=value` on POST). */
export const Open311Attribute = z
  .strictObject({
    variable: z.boolean(),
    code: z.string(),
    datatype: z.enum(attributeDatatypes),
    required: z.boolean(),
    datatype_description: z.string().nullable(),
    order: z.number().int().positive(),
    description: z.string(),
    values: listOf('values', Open311AttributeValue),
  })
  .meta(xmlName('attribute'));
export type Open311Attribute = z.infer<typeof Open311Attribute>;

/** GET Service Definition. */
export const Open311ServiceDefinition = z
  .strictObject({ service_code: z.string(), attributes: listOf('attributes', Open311Attribute) })
  .meta(xmlName('service_definition'));
export type Open311ServiceDefinition = z.infer<typeof Open311ServiceDefinition>;

/** Service Discovery: this one GeoReport v2 endpoint. */
export const Open311Discovery = z
  .strictObject({
    changeset: instant.meta({ description: 'When the services or their definitions last changed' }),
    contact: z.string(),
    key_service: z.string().meta({ description: 'How a client system gets an API key' }),
    endpoints: listOf(
      'endpoints',
      z
        .strictObject({
          specification: z.string(),
          url: z.url(),
          changeset: instant,
          type: z.enum(endpointTypes),
          formats: listOf('formats', z.string().meta(xmlName('format'))),
        })
        .meta(xmlName('endpoint')),
    ),
  })
  .meta(xmlName('discovery'));
export type Open311Discovery = z.infer<typeof Open311Discovery>;

/** One `<error>` of the specification's error list. */
export const Open311ErrorItem = z
  .strictObject({ code: z.number().int().meta({ description: 'The HTTP status' }), description: z.string().meta({ description: 'zh-CN' }) })
  .meta(xmlName('error'));
export type Open311ErrorItem = z.infer<typeof Open311ErrorItem>;
export const Open311Errors = listOf('errors', Open311ErrorItem);
export type Open311Errors = z.infer<typeof Open311Errors>;
