import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client, Connection as TemporalConnection } from '@temporalio/client';
import type { Admin, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { Express, Router } from 'express';
import type { TopicName } from '@lianxin/contracts';
import { authenticate, type AccessDeniedRecorder } from './auth/access-control';
import { deniedAccessRecorder, type AuditSink } from './auth/audit-sink';
import { tokenVerifier, type TokenVerifier } from './auth/token-verifier';
import { watchConsumerLag, type ConsumerLagReport } from './consumer-lag';
import { closeServer, createHttpApp, finishHttpApp, listen, type ReadinessCheck } from './http';
import { connectProducer, createKafka, deadLetterTo, ensureTopics, kafkaReady, resolveTopic, runConsumer } from './kafka';
import type { Logger } from './logger';
import { connectMongo, mongoReady } from './mongo';
import { apiDocsRouteDocs, apiDocsRoutes, healthRouteDocs, openApiDocument, type ApiDescription } from './openapi';
import { Closer, type ProcessContext, type RunningProcess } from './runtime';
import { connectTemporal, temporalReady, workerPolls } from './temporal';

/** What every HTTP service opens: its own database and Kafka; and how to tell it's ready. */
export interface BaseServiceResources {
  db: Connection;
  kafka: Kafka;
  admin: Admin;
  closer: Closer;
  readiness: ReadinessCheck;
  log: Logger;
  /** Verifies bearer tokens against the configured OpenID provider. */
  verifyToken: TokenVerifier;
}

/** What the routes of a service get: its resources, its audit trail and how to record a denied access. */
export type WithAudit<R> = R & { audit: AuditSink; recordDenied: AccessDeniedRecorder };

/** …and Temporal, for a service that starts, updates or queries workflows (the default). */
export interface ServiceResources extends BaseServiceResources {
  temporal: Client;
  temporalConnection: TemporalConnection;
}

export interface RunningHttpService extends RunningProcess {
  url: string;
  server: Server;
  /** The app it serves (e.g. to list its routes: `registeredRoutes(app)`). */
  app: Express;
}

/**
 * Opens a service's connections (Temporal unless `{ temporal: false }`); /readyz checks each one
 * opened, and for a service with Temporal that a worker polls the order task queue. On failure
 * closes whatever was opened and rethrows.
 */
export function openServiceResources(ctx: ProcessContext, service: string, needs?: { temporal?: true }): Promise<ServiceResources>;
export function openServiceResources(ctx: ProcessContext, service: string, needs: { temporal: false }): Promise<BaseServiceResources>;
export async function openServiceResources(
  { config, log }: ProcessContext,
  service: string,
  needs: { temporal?: boolean } = {},
): Promise<BaseServiceResources | ServiceResources> {
  const closer = new Closer();
  try {
    const db = await connectMongo(config, service);
    closer.add(() => db.close());
    const temporal = needs.temporal === false ? undefined : await connectTemporal(config);
    if (temporal) closer.add(() => temporal.connection.close());
    const kafka = createKafka(config, `lianxin-${service}`, log);
    const admin = kafka.admin();
    await admin.connect();
    closer.add(() => admin.disconnect());
    const base: BaseServiceResources = {
      db,
      kafka,
      admin,
      closer,
      log,
      verifyToken: tokenVerifier(config.auth),
      readiness: async () => ({
        ...(temporal
          ? {
              temporal: await temporalReady(temporal.connection, config.temporal.namespace),
              worker: await workerPolls(temporal.connection, config.temporal.namespace, config.temporal.taskQueue),
            }
          : {}),
        kafka: await kafkaReady(admin),
        mongo: await mongoReady(db),
      }),
    };
    return temporal ? { ...base, temporal: temporal.client, temporalConnection: temporal.connection } : base;
  } catch (error) {
    await closer.close();
    throw error;
  }
}

/** Listens and returns the running service; its close() stops listening, then closes the rest. */
export async function serveHttp(
  app: Parameters<typeof listen>[0],
  port: number,
  closer: Closer,
): Promise<RunningHttpService> {
  const server = await listen(app, port, process.env.HOST ?? '127.0.0.1');
  closer.add(() => closeServer(server));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, server, app, close: () => closer.close() };
}

/** A consumer group of a service: its name (before the topic prefix), its topics, its handler. */
export interface TopicConsumer<R extends BaseServiceResources = ServiceResources> {
  groupId: string;
  topics: TopicName[];
  /**
   * A method (checked bivariantly), so a consumer written against the full resources, such as
   * order-views' `orderEventConsumer`, also serves a service without Temporal: it must then use
   * only what that service opens (`db`, `log` …).
   */
  handle(message: KafkaMessage, resources: R): Promise<void>;
  /** Where records the handler declares unreadable (UnreadableMessage) go, with the reason. */
  deadLetterTopic?: TopicName;
}

/**
 * Starts each consumer group (partitions side by side, each in order) with a watch on its lag.
 * Closing the service stops the watch and disconnects the consumer, which commits and leaves.
 */
async function startConsumers<R extends BaseServiceResources>(
  { config, log }: ProcessContext,
  resources: R,
  consumers: TopicConsumer<R>[],
): Promise<Array<() => ConsumerLagReport>> {
  const reports: Array<() => ConsumerLagReport> = [];
  let producer: Producer | undefined;
  const deadLetterProducer = async () => {
    if (!producer) {
      producer = await connectProducer(resources.kafka);
      const opened = producer;
      resources.closer.add(() => opened.disconnect());
    }
    return producer;
  };
  for (const definition of consumers) {
    const groupId = `${config.kafka.topicPrefix}${definition.groupId}`;
    const topics = definition.topics.map((name) => resolveTopic(config, name));
    const deadLetterTopic = definition.deadLetterTopic;
    await ensureTopics(resources.kafka, config, [...definition.topics, ...(deadLetterTopic ? [deadLetterTopic] : [])]);
    const deadLetter = deadLetterTopic ? deadLetterTo(await deadLetterProducer(), resolveTopic(config, deadLetterTopic), groupId) : undefined;
    const consumer = await runConsumer(resources.kafka, {
      groupId,
      topics,
      log,
      partitionsConsumedConcurrently: config.kafka.partitions,
      handle: (message) => definition.handle(message, resources),
      ...(deadLetter ? { deadLetter } : {}),
    });
    resources.closer.add(() => consumer.disconnect());
    const watch = watchConsumerLag(resources.admin, { groupId, topics, log });
    resources.closer.add(async () => watch.stop());
    reports.push(watch.report);
  }
  return reports;
}

interface HttpServiceParts<R extends BaseServiceResources> {
  service: string;
  port: number;
  /** Runs once the connections are open, before anything is served (e.g. loading sample data). */
  prepare?: (resources: R) => Promise<void>;
  /** The service's consumer groups (e.g. the one keeping its read model). */
  consumers?: TopicConsumer<R>[];
  /** The service's audit trail (see @lianxin/audit), opened on its connections. */
  audit: (resources: R) => AuditSink;
  /** Its routes; every request has been through sign-in (`authenticate`) before they see it. */
  routes: (resources: WithAudit<R>) => Router[];
  /**
   * Its API, declared route by route with the zod schemas that validate it: served as the
   * OpenAPI 3.1 document `GET /openapi.json` and the Swagger UI page `GET /docs` (public; the
   * health and docs routes are described too).
   */
  openapi?: ApiDescription;
}

/**
 * A service's definition. A service that never talks to Temporal says `temporal: false`: it then
 * opens no Temporal connection, its resources have none, and /readyz does not check Temporal.
 */
export type HttpServiceDefinition =
  | (HttpServiceParts<ServiceResources> & { temporal?: true })
  | (HttpServiceParts<BaseServiceResources> & { temporal: false });

/**
 * One HTTP service: its connections, its order-event consumer, its routes with health and
 * readiness, problem+json errors; close() undoes it all in reverse.
 */
export async function startHttpService(ctx: ProcessContext, definition: HttpServiceDefinition): Promise<RunningHttpService> {
  if (definition.temporal === false) {
    return serveService(ctx, definition, await openServiceResources(ctx, definition.service, { temporal: false }));
  }
  return serveService(ctx, definition, await openServiceResources(ctx, definition.service));
}

async function serveService<R extends BaseServiceResources>(
  ctx: ProcessContext,
  definition: HttpServiceParts<R>,
  resources: R,
): Promise<RunningHttpService> {
  try {
    // Built first: a declaration it cannot describe stops the start, not a later request.
    const document = definition.openapi
      ? openApiDocument(
          { ...definition.openapi, routes: [...healthRouteDocs, ...apiDocsRouteDocs, ...definition.openapi.routes] },
          { issuer: ctx.config.auth.issuer, audience: ctx.config.auth.audience },
        )
      : undefined;
    await definition.prepare?.(resources);
    const lagReports = await startConsumers(ctx, resources, definition.consumers ?? []);
    const app = createHttpApp({
      service: definition.service,
      log: ctx.log,
      readiness: resources.readiness,
      readinessDetails: () => ({ consumers: lagReports.map((report) => report()) }),
    });
    if (document) app.use(apiDocsRoutes(document));
    const audit = definition.audit(resources);
    const recordDenied = deniedAccessRecorder(audit, ctx.log);
    app.use(authenticate(resources.verifyToken, recordDenied));
    for (const router of definition.routes({ ...resources, audit, recordDenied })) app.use(router);
    finishHttpApp(app, ctx.log);
    const running = await serveHttp(app, definition.port, resources.closer);
    ctx.log.info({ url: running.url }, `${definition.service} service listening`);
    return running;
  } catch (error) {
    await resources.closer.close();
    throw error;
  }
}
