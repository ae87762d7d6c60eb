import type { ApiDescription } from '@lianxin/platform';
import { NotificationPage, NotificationQuery, NotificationView } from './delivery/routes';

/** The notifications service's API document (`openapi` in its definition). */
export const notificationsApiDocs: ApiDescription = {
  title: '连心桥 notifications service · 通知记录',
  version: '1.0.0',
  description:
    'Notification records made from order events by rule (who hears about which event, in zh-CN). Signed-in staff read their own (or their organisation\'s) by `recipientId`; ' +
    'organisation roles also those of orders in their subtree by `orderId`. Errors are RFC 9457 problems.',
  routes: [
    {
      method: 'get',
      path: '/api/v1/notifications',
      summary: '通知记录 · Notification records',
      description: 'By `recipientId` (the caller, their organisation, or — for organisation roles — anyone in their subtree) and/or `orderId` (organisation roles). One of the two is required.',
      tags: ['通知 Notifications'],
      query: NotificationQuery,
      responses: { 200: { description: '`{ items, total }`: the first `limit` records, oldest first; `total` counts every match', schema: NotificationPage } },
    },
  ],
  schemas: { Notification: NotificationView },
  tags: [{ name: '通知 Notifications', description: '通知记录: one per event and recipient (sms to residents, app to staff)' }],
};
