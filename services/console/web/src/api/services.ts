import { createContext, useContext } from 'react';
import type { ConsoleConfig } from '../config';
import type { ApiClient, SendOptions } from './client';
import type {
  AttachmentReceipt,
  EscalationLevel,
  Grid,
  IntakeOrderInput,
  IntakeReceipt,
  Member,
  MemberWorkload,
  NotificationInboxPage,
  Open311Request,
  Open311Service,
  OrderCommand,
  OrderPage,
  OrderRouting,
  OrderTimelinePage,
  OrderView,
  Organisation,
  OverdueBoardPage,
  RegisterPage,
  RevealedContact,
  SocialOrg,
} from './types';

type Query = Record<string, string | number | boolean | undefined>;

function withQuery(url: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${url}?${text}` : url;
}

const path = (id: string) => encodeURIComponent(id);

/** Commands the residents service takes (the resident's own, or an agent on their behalf); the rest go to cadres. */
const residentsCommands: ReadonlySet<OrderCommand['type']> = new Set(['cancel', 'checkBack']);

/**
 * The services' endpoints as the console uses them (see each service's api-docs.ts and /docs):
 * residents (intake, tracking, timeline, contact reveal, attachments, Open311 reads), cadres
 * (register, routing, work lists, commands, the work-queue stream) and notifications (inbox,
 * marking read, the live stream).
 */
export function servicesApi(client: ApiClient, config: ConsoleConfig) {
  const { residents, cadres, notifications } = config.services;
  return {
    client,
    residents: {
      openOrder: (body: IntakeOrderInput, options?: SendOptions) => client.post<IntakeReceipt>(`${residents}/api/v1/orders`, body, options),
      order: (id: string, signal?: AbortSignal) => client.get<OrderView>(`${residents}/api/v1/orders/${path(id)}`, signal ? { signal } : {}),
      timeline: (id: string, signal?: AbortSignal) => client.get<OrderTimelinePage>(`${residents}/api/v1/orders/${path(id)}/timeline`, signal ? { signal } : {}),
      revealContact: (id: string, options?: SendOptions) => client.post<RevealedContact>(`${residents}/api/v1/orders/${path(id)}/contact-reveal`, undefined, options),
      /** 历史工单: a caller's earlier orders by phone number (in the body, never the URL; audited), newest first, at most 20. */
      searchByPhone: (phone: string, options?: SendOptions) => client.post<OrderPage>(`${residents}/api/v1/orders/search-by-phone`, { phone }, options),
      /** A photo for a diary entry or as evidence; answers the attachment's id, which the command then names. */
      uploadAttachment: (orderId: string, file: Blob, options?: SendOptions) =>
        client.upload<AttachmentReceipt>(`${residents}/api/v1/orders/${path(orderId)}/attachments`, file, options),
      attachmentUrl: (orderId: string, attachmentId: string) => `${residents}/api/v1/orders/${path(orderId)}/attachments/${path(attachmentId)}`,
      /** The catalogue as Open311 services (one per kind and category; code `<kind>.<slug>`). */
      open311Services: () => client.get<Open311Service[]>(`${residents}/open311/v2/services.json`),
      /** Open311 public reads (no personal data): recent requests by service code and status. */
      open311Requests: (query: { service_code?: string; status?: 'open' | 'closed'; start_date?: string }) =>
        client.get<Open311Request[]>(withQuery(`${residents}/open311/v2/requests.json`, query)),
    },
    cadres: {
      inbox: (query: { handlerId?: string; status?: string; limit?: number; offset?: number } = {}) => client.get<OrderPage>(withQuery(`${cadres}/api/v1/inbox`, query)),
      claimBoard: (query: { limit?: number; offset?: number } = {}) => client.get<OrderPage>(withQuery(`${cadres}/api/v1/claim-board`, query)),
      dispatchQueue: (query: { organisationId?: string; limit?: number; offset?: number } = {}) => client.get<OrderPage>(withQuery(`${cadres}/api/v1/dispatch-queue`, query)),
      /** 超期看板/督办: escalated orders of the caller's subtree, most overdue first; `include` adds `decisions` and/or `extensions` (comma-separated). */
      overdueBoard: (query: { organisationId?: string; minLevel?: EscalationLevel; include?: string; limit?: number; offset?: number } = {}) =>
        client.get<OverdueBoardPage>(withQuery(`${cadres}/api/v1/overdue-board`, query)),
      /** 在办负荷: each member of an organisation with their open and overdue orders. */
      memberWorkload: (organisationId: string) => client.get<MemberWorkload[]>(withQuery(`${cadres}/api/v1/members/workload`, { organisationId })),
      organisations: (query: { parentId?: string; level?: string; limit?: number; offset?: number } = {}) =>
        client.get<RegisterPage<Organisation>>(withQuery(`${cadres}/api/v1/organisations`, query)),
      organisation: (id: string) => client.get<Organisation>(`${cadres}/api/v1/organisations/${path(id)}`),
      grids: (query: { organisationId?: string; limit?: number; offset?: number } = {}) => client.get<RegisterPage<Grid>>(withQuery(`${cadres}/api/v1/grids`, query)),
      grid: (id: string) => client.get<Grid>(`${cadres}/api/v1/grids/${path(id)}`),
      members: (query: { organisationId?: string; skill?: string; role?: string; limit?: number; offset?: number } = {}) =>
        client.get<RegisterPage<Member>>(withQuery(`${cadres}/api/v1/members`, query)),
      socialOrgs: (query: { areaId?: string; limit?: number; offset?: number } = {}) => client.get<RegisterPage<SocialOrg>>(withQuery(`${cadres}/api/v1/social-orgs`, query)),
      routing: (query: { gridId?: string; organisationId?: string }) => client.get<OrderRouting>(withQuery(`${cadres}/api/v1/routing`, query)),
      workQueueStreamUrl: `${cadres}/api/v1/work-queue/stream`,
    },
    notifications: {
      inbox: (query: { unread?: boolean; before?: number; limit?: number } = {}) =>
        client.get<NotificationInboxPage>(withQuery(`${notifications}/api/v1/notifications/inbox`, query)),
      markRead: (body: { ids: string[] } | { all: true }, options?: SendOptions) =>
        client.post<{ marked: number; unread: number }>(`${notifications}/api/v1/notifications/inbox/read`, body, options),
      streamUrl: `${notifications}/api/v1/notifications/stream`,
    },
    /** One command on an order, to the service that takes it; answers the order as it now stands. */
    command: (orderId: string, command: OrderCommand, options?: SendOptions) =>
      client.post<OrderView>(`${residentsCommands.has(command.type) ? residents : cadres}/api/v1/orders/${path(orderId)}/commands`, command, options),
  };
}

export type ServicesApi = ReturnType<typeof servicesApi>;

export const ApiContext = createContext<ServicesApi | null>(null);

/** The services, called as the signed-in person. */
export function useApi(): ServicesApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside the signed-in shell');
  return api;
}

/** Reads every page of a register list (the register is small: tens to hundreds of entries). */
export async function allPages<T>(read: (page: { limit: number; offset: number }) => Promise<RegisterPage<T>>, max = 2000): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; offset < max; offset += 200) {
    const page = await read({ limit: 200, offset });
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) break;
  }
  return items;
}
