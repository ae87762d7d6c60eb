import { z } from 'zod';
import { problem, type ApiDescription } from '@lianxin/platform';
import { NotificationIdParams, NotificationPage, NotificationQuery } from './delivery/routes';
import { NotificationView } from './delivery/view';
import { InboxPage, InboxQuery, MarkRead, MarkReadResult, StreamQuery } from './inbox/routes';
import { NotificationPreferences } from './preferences/preferences';
import { TemplateList, TemplateParams, TemplateView } from './templates/routes';
import { TemplateOverride } from './templates/store';
import { WebhookEndpointInput, WebhookEndpointView } from './webhooks/endpoints';
import { WebhookEndpointPage, WebhookEndpointParams, WebhookEndpointQuery } from './webhooks/routes';

const tags = {
  inbox: '站内通知 Inbox',
  records: '通知记录 Delivery records',
  settings: '通知设置 Settings',
};

/** The notifications service's API document (`openapi` in its definition). */
export const notificationsApiDocs: ApiDescription = {
  title: '连心桥 notifications service · 通知',
  version: '2.0.0',
  description:
    'Order events become notices to people resolved through the register — the handler, the dispatchers, the supervising level for 督办, the level above for 挂牌督办, ' +
    'claim candidates, the resident — on their channels: in-app (with a live Server-Sent Events stream), SMS, email, and organisations\' group robots (企业微信/钉钉/飞书) or signed webhooks. ' +
    'Each is made once per event, recipient and channel and sent with retries; quiet hours (default 22:00–07:00) hold what can wait. Errors are RFC 9457 problems.',
  routes: [
    {
      method: 'get',
      path: '/api/v1/notifications/inbox',
      summary: '我的通知 · My in-app notices',
      description: 'Newest first, with the unread count. `before` pages back by notice number.',
      tags: [tags.inbox],
      query: InboxQuery,
      responses: { 200: InboxPage },
    },
    {
      method: 'post',
      path: '/api/v1/notifications/inbox/read',
      summary: '标为已读 · Mark notices read',
      description: '`{ ids }` or `{ all: true }`; only the caller\'s own notices.',
      tags: [tags.inbox],
      body: MarkRead,
      responses: { 200: MarkReadResult },
    },
    {
      method: 'get',
      path: '/api/v1/notifications/stream',
      summary: '实时通知 · Live notices (Server-Sent Events)',
      description:
        '`text/event-stream`: an `event: notification` per new notice (`data` a Notification, `id` its number), then `event: ready` once caught up, and a comment every 15 s. ' +
        'Reconnect with `Last-Event-ID` (or `?lastEventId=`) to get what was missed first. The stream ends with `event: expired` when the bearer token that opened it expires: reconnect with a fresh token.',
      tags: [tags.inbox],
      query: StreamQuery,
      headers: z.object({ 'Last-Event-ID': z.string().optional() }),
      responses: { 200: { description: 'text/event-stream of notices', schema: z.string(), contentType: 'text/event-stream' } },
    },
    {
      method: 'get',
      path: '/api/v1/notifications',
      summary: '通知记录 · Who was told what, when, by which channel',
      description: 'By `recipientId` (the caller, their organisation, or — for organisation roles — anyone in their subtree) and/or `orderId` (organisation roles). One of the two is required.',
      tags: [tags.records],
      query: NotificationQuery,
      responses: { 200: { description: '`{ items, total }`: the first `limit` records, oldest first; `total` counts every match', schema: NotificationPage } },
    },
    {
      method: 'post',
      path: '/api/v1/notifications/:id/retry',
      summary: '重新发送 · Send a failed or dead-lettered notice again',
      description: 'Dispatchers, supervisors, leaders and admins whose subtree holds the order; audited.',
      tags: [tags.records],
      params: NotificationIdParams,
      responses: { 200: NotificationView, 404: problem('通知不存在'), 409: problem('只能重新发送失败的通知') },
    },
    {
      method: 'get',
      path: '/api/v1/notification-preferences/me',
      summary: '我的通知偏好 · My notification preferences',
      tags: [tags.settings],
      responses: { 200: NotificationPreferences },
    },
    {
      method: 'put',
      path: '/api/v1/notification-preferences/me',
      summary: '设置通知偏好 · Set my preferences (channels, language, quiet hours, digest)',
      tags: [tags.settings],
      body: NotificationPreferences,
      responses: { 200: NotificationPreferences },
    },
    {
      method: 'get',
      path: '/api/v1/notification-webhooks',
      summary: '群机器人与 webhook · Group robots and webhooks (admin)',
      tags: [tags.settings],
      query: WebhookEndpointQuery,
      responses: { 200: WebhookEndpointPage },
    },
    {
      method: 'post',
      path: '/api/v1/notification-webhooks',
      summary: '登记群机器人或 webhook · Register one for an organisation (admin, audited)',
      description: 'WeCom (key in the URL), DingTalk and Feishu (加签 secret), or a generic webhook signed with HMAC-SHA256. The URL and secret are sealed and never shown again.',
      tags: [tags.settings],
      body: WebhookEndpointInput,
      responses: { 201: WebhookEndpointView },
    },
    {
      method: 'delete',
      path: '/api/v1/notification-webhooks/:id',
      summary: '停用 · Retire one (admin, audited)',
      tags: [tags.settings],
      params: WebhookEndpointParams,
      responses: { 204: { description: 'Retired' }, 404: problem('webhook 不存在') },
    },
    {
      method: 'get',
      path: '/api/v1/notification-templates',
      summary: '通知模板 · Templates in force (zh-CN, English, per channel)',
      tags: [tags.settings],
      responses: { 200: TemplateList },
    },
    {
      method: 'put',
      path: '/api/v1/notification-templates/:id',
      summary: '改写模板 · Override a template (admin)',
      tags: [tags.settings],
      params: TemplateParams,
      body: TemplateOverride,
      responses: { 200: TemplateView, 404: problem('没有这个通知模板') },
    },
    {
      method: 'delete',
      path: '/api/v1/notification-templates/:id',
      summary: '恢复默认模板 · Drop an override (admin)',
      tags: [tags.settings],
      params: TemplateParams,
      responses: { 204: { description: 'Back to the catalogue\'s wording' }, 404: problem('该模板没有被改写') },
    },
  ],
  schemas: { Notification: NotificationView, NotificationPreferences },
  tags: [
    { name: tags.inbox, description: '站内通知: the signed-in person\'s notices, live' },
    { name: tags.records, description: '通知记录: one per event, recipient and channel, with its delivery history' },
    { name: tags.settings, description: 'Preferences, group robots and webhooks, templates' },
  ],
};
