import type { Response } from 'express';
import { XMLBuilder } from 'fast-xml-parser';

/**
 * The two formats of GeoReport v2. XML is the specification's own; JSON is derived from it by
 * the Spark convention (wiki.open311.org/JSON_and_XML_Conversion): the root element is dropped,
 * and a container of one repeated element (`<services><service>…`) is always an array, even
 * with one item or none. So every answer is written once, as a document, and rendered in both.
 */
export const open311Formats = ['json', 'xml'] as const;
export type Open311Format = (typeof open311Formats)[number];

export const open311ContentTypes: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

export function isOpen311Format(value: string): value is Open311Format {
  return (open311Formats as readonly string[]).includes(value);
}

/** A container of repeated elements: `<element>` items in XML, an array in JSON. */
export class ElementList<Item = Open311Value> {
  constructor(
    readonly element: string,
    readonly items: readonly Item[],
  ) {}
}

/** A field's value: null is an empty element in XML and null in JSON; undefined leaves the field out. */
export type Open311Value = string | number | boolean | null | ElementList | Open311Record;
export interface Open311Record {
  readonly [field: string]: Open311Value | undefined;
}

/** One answer: its XML root element and what it holds. */
export interface Open311Document {
  root: string;
  body: Open311Value;
}

export function listOf<Item extends Open311Value>(element: string, items: readonly Item[]): ElementList<Item> {
  return new ElementList(element, items);
}

/**
 * The document form of an answer whose JSON form is `T` (the `z.infer` of its schema in
 * `schemas.ts`): each array a list of named elements. A builder whose body is typed by it
 * cannot drift from the schema the API document shows.
 */
export type Open311Form<T> = T extends readonly (infer Item)[] ? ElementList<Open311Form<Item>> : T extends object ? { [K in keyof T]: Open311Form<T[K]> } : T;

/** Characters XML 1.0 cannot carry at all (control characters other than tab, newline, return). */
// eslint-disable-next-line no-control-regex
const notXmlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function toJson(value: Open311Value | undefined): unknown {
  if (value instanceof ElementList) return value.items.map(toJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).flatMap(([field, inner]) => (inner === undefined ? [] : [[field, toJson(inner)]])));
  }
  return value;
}

/** The shape XMLBuilder takes: element name → text, child elements, or an array of repeated elements. */
function toXmlNode(value: Open311Value | undefined): unknown {
  if (value instanceof ElementList) return value.items.length === 0 ? '' : { [value.element]: value.items.map(toXmlNode) };
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).flatMap(([field, inner]) => (inner === undefined ? [] : [[field, toXmlNode(inner)]])));
  }
  if (value === null) return '';
  return typeof value === 'string' ? value.replace(notXmlCharacters, '') : String(value);
}

// Text is escaped (processEntities); empty elements are written as <name></name>, like the specification's examples.
const builder = new XMLBuilder({ format: true, indentBy: '  ', ignoreAttributes: true, suppressEmptyNode: false, processEntities: true });

export function renderOpen311(document: Open311Document, format: Open311Format): string {
  if (format === 'json') return JSON.stringify(toJson(document.body));
  const xml = builder.build({ [document.root]: toXmlNode(document.body) }) as string;
  return `<?xml version="1.0" encoding="utf-8"?>\n${xml}`;
}

/** Answers with the document in the request's format, UTF-8, with the specification's content types. */
export function sendOpen311(res: Response, format: Open311Format, document: Open311Document, status = 200): void {
  res.status(status).set('Content-Type', open311ContentTypes[format]).send(renderOpen311(document, format));
}
