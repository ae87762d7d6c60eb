/**
 * In-memory stand-ins for what the notifications service reads elsewhere (the cadres register,
 * preferences, templates, webhooks, the data keys) and a builder of order events, for unit tests
 * of the decision logic: no servers, no database.
 */
import {
  Member,
  OrderEventData,
  Organisation,
  SocialOrg,
  orderEventId,
  type ContactPoint,
  type OrderEventType,
  type OrderView,
  type ReceivedOrderEvent,
} from '@lianxin/contracts';
import { sampleEventData, sampleOrderView } from '@lianxin/order-views/samples';
import { sampleContactPoints, sampleMembers, sampleOrganisations, sampleSocialOrgs } from '@lianxin/sample-register';
import { NotificationPreferences, defaultPreferences, type PreferencesStore } from '../../src/preferences/preferences';
import type { RegisterDirectory } from '../../src/recipients/directory';
import { templateCatalogue } from '../../src/templates/catalogue';
import type { TemplateBook } from '../../src/templates/store';
import type { Sealer, WebhookEndpoint, WebhookEndpoints } from '../../src/webhooks/endpoints';

/** The sample register behind the `RegisterDirectory` interface, as the cadres API answers it. */
export function memoryDirectory(
  input: {
    organisations?: Organisation[];
    members?: Member[];
    socialOrgs?: SocialOrg[];
    contacts?: ContactPoint[];
  } = {},
): RegisterDirectory {
  const organisations = input.organisations ?? sampleOrganisations.map((o) => Organisation.parse(o));
  const members = input.members ?? sampleMembers.map((m) => Member.parse(m));
  const socialOrgs = input.socialOrgs ?? sampleSocialOrgs.map((s) => SocialOrg.parse(s));
  const contacts = input.contacts ?? sampleContactPoints;
  return {
    organisation: async (id) => organisations.find((o) => o._id === id),
    membersOf: async (organisationId, role) => members.filter((m) => m.organisationId === organisationId && m.roles.includes(role) && m.active),
    member: async (id) => members.find((m) => m._id === id),
    socialOrg: async (id) => socialOrgs.find((s) => s._id === id),
    agenciesOf: async (organisationId) => organisations.filter((o) => o.parentId === organisationId && o.level === 'agency'),
    contactOf: async (id) => contacts.find((c) => c._id === id),
  };
}

/** The 通讯录 entry of a sample member or social organisation. */
export function contactOf(id: string): ContactPoint {
  const found = sampleContactPoints.find((c) => c._id === id);
  if (!found) throw new Error(`no sample contact point ${id}`);
  return found;
}

/** Preferences kept in a map; everyone else gets `defaults`. */
export function memoryPreferences(saved: Record<string, Partial<NotificationPreferences>> = {}, defaults: NotificationPreferences = defaultPreferences): PreferencesStore {
  const store = new Map(Object.entries(saved).map(([id, p]) => [id, NotificationPreferences.parse(p)]));
  return {
    defaults,
    of: async (personId) => store.get(personId) ?? defaults,
    save: async (personId, preferences) => {
      store.set(personId, preferences);
      return preferences;
    },
  };
}

/** The built-in catalogue, no overrides. */
export function catalogueBook(): TemplateBook {
  const catalogue = new Map(templateCatalogue.map((t) => [t.id, t]));
  return {
    known: (id) => catalogue.has(id),
    async get(id) {
      const entry = catalogue.get(id);
      if (!entry) throw new Error(`no notice template ${id}`);
      return entry;
    },
    list: async () => templateCatalogue.map((t) => ({ ...t, overridden: false })),
    put: async () => {
      throw new Error('the catalogue book is read-only');
    },
    reset: async () => false,
  };
}

/** Webhook endpoints of which only `subscribed` is used by planning: answers `robots` and records the questions. */
export function fakeWebhooks(robots: WebhookEndpoint[]): { endpoints: WebhookEndpoints; asked: { organisationIds: string[]; eventType: string }[] } {
  const asked: { organisationIds: string[]; eventType: string }[] = [];
  const unused = () => {
    throw new Error('not used by planning');
  };
  const endpoints = {
    create: unused,
    list: unused,
    retire: unused,
    target: unused,
    async subscribed(organisationIds: string[], eventType: string): Promise<WebhookEndpoint[]> {
      asked.push({ organisationIds, eventType });
      return robots;
    },
  };
  // The other methods answer mongoose queries; planning never calls them.
  return { endpoints: endpoints as unknown as WebhookEndpoints, asked };
}

/** A reversible "seal" bound to its context, so a test can open what planning sealed. */
export const reversibleSealer: Sealer = {
  seal: (text, context) => Buffer.from(`${context}|${text}`).toString('base64'),
  open(sealed, context) {
    const plain = Buffer.from(sealed, 'base64').toString();
    if (!plain.startsWith(`${context}|`)) throw new Error('sealed under another context');
    return plain.slice(context.length + 1);
  },
};

export const yeshanDongwang = 'org-yeshan-dongwang';
export const dongwangScope = [yeshanDongwang, 'org-yeshan', 'org-county'];
export const orderId = 'LX-20251126-0042';
export const orderTitle = '独居老人冬季取暖需要一台电暖器';

/**
 * An event of an order in 冶山镇东王村, handled by 李秀英 (mem-yeshan-dongwang-2), valid under
 * the OrderEventData schema; `view` overrides fields of the order before it is masked.
 */
export function orderEvent(type: OrderEventType, options: { view?: Partial<OrderView>; details?: Record<string, unknown>; sequence?: number } = {}): ReceivedOrderEvent {
  const base = sampleOrderView({ id: orderId, status: 'dispatched', handlerId: 'mem-yeshan-dongwang-2', organisationId: yeshanDongwang, updatedAt: new Date('2025-11-26T01:00:00.000Z') });
  const view: OrderView = {
    ...base,
    title: orderTitle,
    location: { gridId: 'grid-yeshan-dongwang-1', organisationId: yeshanDongwang, address: '冶山镇东王村3组12号' },
    scope: dongwangScope,
    handler: { kind: 'member', id: 'mem-yeshan-dongwang-2', name: '李秀英', organisationId: yeshanDongwang },
    ...options.view,
  };
  const sequence = options.sequence ?? 7;
  const data = OrderEventData.parse({ ...sampleEventData({ ...view, sequence }), type, details: options.details ?? {} });
  return { id: orderEventId(orderId, data.sequence), type, subject: orderId, sequence: data.sequence, trace: {}, data };
}
