import { orderEventConsumer } from '@lianxin/order-views';
import { serviceToken, startHttpService, type ProcessContext, type RunningHttpService } from '@lianxin/platform';
import { serviceAuditTrail } from '@lianxin/audit';
import { personalDataOpener, textSealer } from '@lianxin/data-protection';
import type { ChannelSender, OutboundChannel } from './channels/channel';
import { channelSenders, loadChannelConfig } from './channels/config';
import type { RetryPolicy } from './delivery/backoff';
import { deliveryEngine, type DeliveryEngine, type RateLimit } from './delivery/engine';
import type { PlanningDeps } from './delivery/plan';
import { recordEventNotices } from './delivery/record-event';
import { deliveryModel, type DeliveryRecord } from './delivery/records';
import { notificationRoutes } from './delivery/routes';
import { inboxHub } from './inbox/hub';
import { inboxRoutes } from './inbox/routes';
import { defaultsFromEnv, preferencesModel, preferencesStore } from './preferences/preferences';
import { preferenceRoutes } from './preferences/routes';
import { audienceResolver } from './recipients/audiences';
import { registerDirectory } from './recipients/directory';
import { templateBook, templateOverrideModel } from './templates/store';
import { templateRoutes } from './templates/routes';
import { webhookEndpointModel, webhookEndpoints } from './webhooks/endpoints';
import { webhookRoutes } from './webhooks/routes';
import { notificationsApiDocs } from './api-docs';

/** What a test (or another embedding) may set instead of the environment's defaults. */
export interface NotificationsOptions {
  /** The clock quiet hours, rate limits and due times are read from (a fixed clock in tests). */
  clock?: () => Date;
  senders?: Partial<Record<OutboundChannel, ChannelSender>>;
  retry?: RetryPolicy;
  rateLimits?: Record<OutboundChannel, RateLimit>;
  enginePollMs?: number;
}

/**
 * The notifications service: turns order events into deliveries to people (resolved through the
 * register) on their channels — in-app with a live stream, SMS, email, group robots and webhooks —
 * each once per event, recipient and channel, sent by the delivery engine with retries.
 */
export async function startNotifications(ctx: ProcessContext, port: number, options: NotificationsOptions = {}): Promise<RunningHttpService> {
  const env = process.env;
  const clock = options.clock ?? (() => new Date());
  const channels = loadChannelConfig(env);
  const senders = { ...channelSenders(channels), ...options.senders };
  const sealer = textSealer(env);
  const openPersonal = personalDataOpener(env);
  const register = registerDirectory(ctx.config.cadresUrl, serviceToken(ctx.config.auth));
  let engine: DeliveryEngine | undefined;
  let planning: (PlanningDeps & { hub: ReturnType<typeof inboxHub>; submitToEngine: (deliveries: DeliveryRecord[]) => void }) | undefined;

  return startHttpService(ctx, {
    service: 'notifications',
    port,
    temporal: false,
    prepare: async ({ db, closer, log }) => {
      const model = deliveryModel(db);
      await model.init();
      const hub = inboxHub(model, log);
      const templates = templateBook(templateOverrideModel(db));
      const webhooks = webhookEndpoints(webhookEndpointModel(db), sealer);
      engine = deliveryEngine({
        model, senders, sealer, webhooks, templates, clock, log,
        ...(options.retry ? { retry: options.retry } : {}),
        ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
        ...(options.enginePollMs ? { pollMs: options.enginePollMs } : {}),
      });
      const running = engine;
      planning = {
        resolve: audienceResolver(register),
        register,
        preferences: preferencesStore(preferencesModel(db), defaultsFromEnv(env)),
        templates,
        webhooks,
        sealer,
        residentPhone: (data) => {
          if (!data.order.personal) return undefined;
          try {
            return openPersonal(data.order.personal, data.orderId).phone;
          } catch (error) {
            // Sealed under a key this service lacks (or not sealed at all): the resident cannot be texted.
            log.warn({ orderId: data.orderId, reason: (error as Error).message }, 'resident contact does not open; no SMS to the resident');
            return undefined;
          }
        },
        clock,
        timeZone: env.LIANXIN_TIME_ZONE ?? 'Asia/Shanghai',
        smsProvider: channels.sms.provider,
        smsSignName: env.LIANXIN_SMS_SIGN_NAME ?? '连心桥',
        hub,
        submitToEngine: (deliveries) => running.submit(deliveries),
      };
      hub.start();
      engine.start();
      // Closed in reverse: the consumer stops first, then the engine finishes its sends, then the senders close.
      closer.add(async () => {
        await Promise.allSettled(Object.values(senders).map((s) => s.close?.()));
      });
      closer.add(async () => {
        hub.stop();
        await running.stop();
      });
    },
    consumers: [orderEventConsumer('notifications.rules', (event, { db }) => recordEventNotices(event, db, deliveryModel(db), planning!))],
    audit: ({ db }) => serviceAuditTrail(db, ctx.config.mongo.dbPrefix, 'notifications'),
    openapi: notificationsApiDocs,
    routes: ({ db, recordDenied, audit }) => [
      inboxRoutes(deliveryModel(db), planning!.hub, recordDenied),
      notificationRoutes(deliveryModel(db), { recordDenied, audit, wakeEngine: () => engine?.wake() }),
      preferenceRoutes(planning!.preferences, recordDenied),
      webhookRoutes(planning!.webhooks, { audit, recordDenied }),
      templateRoutes(planning!.templates, recordDenied),
    ],
  });
}
