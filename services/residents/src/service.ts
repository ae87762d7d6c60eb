import { idempotencyRetentionMs, keepOnly, principalOf, publicRateLimits, serviceToken, startHttpService, type ProcessContext, type RunningHttpService } from '@lianxin/platform';
import type { RequestHandler } from 'express';
import { applyToTimeline, applyToTracking, orderEventConsumer, orderTimelineModel, trackedOrderModel } from '@lianxin/order-views';
import { commandKeysModel, orderCommandRoutes, pruneCommandKeys } from '@lianxin/order-http';
import { serviceAuditTrail } from '@lianxin/audit';
import { blindIndexFromEnv, personalDataOpener, textSealer } from '@lianxin/data-protection';
import { idempotencyModel, pruneIdempotencyKeys } from './intake/idempotency';
import { registerFromCadres } from './intake/register-client';
import { intakeRoutes } from './intake/routes';
import { residentByTrackingCode } from './tracking-codes/resident-access';
import { trackingCodesModel } from './tracking-codes/tracking-codes';
import { trackingRoutes } from './tracking/routes';
import { residentsApiDocs } from './api-docs';
import { organisationNames } from './open311/agencies';
import { open311Routes } from './open311/routes';
import { attachmentsConfig, openAttachmentStore } from '@lianxin/attachments';
import { attachmentRecords } from './attachments/records';
import { attachmentRoutes } from './attachments/routes';
import { phoneIndex, phoneIndexModel } from './resident-orders/phone-index';
import { phoneSearchRateLimit } from './resident-orders/rate-limit';
import { residentOrdersRoutes } from './resident-orders/routes';

/** The residents service: 点单 (intake), 工单跟踪 (tracking), and the residents' own commands. */
export function startResidents(ctx: ProcessContext, port: number): Promise<RunningHttpService> {
  const sealer = textSealer();
  const openPersonalData = personalDataOpener();
  const limits = publicRateLimits(process.env);
  // Read at start: a missing or short LIANXIN_INDEX_KEY stops the service here, with the variable named.
  const phoneHash = blindIndexFromEnv('phone');
  const phoneSearchLimit = phoneSearchRateLimit(process.env);
  // Read at start: a malformed attachment setting stops the service here, with the variable named.
  const attachments = attachmentsConfig(process.env);
  // The public limits are per address and for the public: signed-in staff (a call centre behind one address) are not held to them.
  const forThePublic = (limit: RequestHandler): RequestHandler => (req, res, next) => (principalOf(res) ? next() : limit(req, res, next));
  return startHttpService(ctx, {
    service: 'residents',
    port,
    // Idempotency-Keys answer the same for their retention (30 days by default), then are forgotten.
    prepare: async ({ db, closer, log }) => {
      const retention = idempotencyRetentionMs(process.env);
      const jobs = [
        keepOnly('intake idempotency keys', retention, (before) => pruneIdempotencyKeys(idempotencyModel(db), before), log),
        keepOnly('command idempotency keys', retention, (before) => pruneCommandKeys(commandKeysModel(db), before), log),
      ];
      closer.add(async () => jobs.forEach((job) => job.stop()));
    },
    // The timeline first: once the tracking view shows an event, the timeline holds it too.
    consumers: [
      orderEventConsumer('residents.tracking', async (event, { db }) => {
        await applyToTimeline(orderTimelineModel(db), event);
        return applyToTracking(trackedOrderModel(db), event);
      }),
    ],
    audit: ({ db }) => serviceAuditTrail(db, ctx.config.mongo.dbPrefix, 'residents'),
    openapi: residentsApiDocs(),
    routes: ({ db, temporal, audit, recordDenied, log, closer }) => {
      const codes = trackingCodesModel(db);
      const residentActor = residentByTrackingCode(codes, sealer, recordDenied);
      const token = serviceToken(ctx.config.auth);
      const attachmentStore = openAttachmentStore(attachments.store, db);
      closer.add(async () => attachmentStore.close?.());
      // 历史工单: the residents' phones, as keyed hashes, to their orders (noted at intake, searched by agents).
      const phones = phoneIndex(phoneIndexModel(db), phoneHash);
      // 点单's dependencies, shared by its two doors: POST /api/v1/orders and Open311.
      const intake = { temporal, taskQueue: ctx.config.temporal.taskQueue, keys: idempotencyModel(db), register: registerFromCadres(ctx.config.cadresUrl, token), codes, sealer, phoneIndex: phones, audit };
      return [
        intakeRoutes({ ...intake, rateLimit: forThePublic(limits.intake), recordDenied }),
        residentOrdersRoutes({ index: phones, orders: trackedOrderModel(db), audit, recordDenied, rateLimit: phoneSearchLimit }),
        trackingRoutes({ orders: trackedOrderModel(db), timelines: orderTimelineModel(db), residentActor, openPersonalData, audit, recordDenied, rateLimit: forThePublic(limits.tracking) }),
        // 撤单 and 回访: by the resident with the tracking code, or by an agent on their behalf.
        orderCommandRoutes(temporal, { allowed: ['cancel', 'checkBack'], keys: commandKeysModel(db), audit, recordDenied, residentActor }),
        // 附件: photos and evidence, their bytes in GridFS (this database) or an S3-compatible store.
        attachmentRoutes({
          records: attachmentRecords(db),
          store: attachmentStore,
          limits: attachments.limits,
          orders: trackedOrderModel(db),
          residentActor,
          audit,
          recordDenied,
          log,
          rateLimit: forThePublic(limits.tracking),
        }),
        // Open311 GeoReport v2 (/open311/v2) and its client systems' API keys (/api/v1/open311/clients).
        open311Routes({ db, intake, organisationName: organisationNames(ctx.config.cadresUrl, token), audit, recordDenied, log }),
      ];
    },
  });
}
