import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client, Connection as TemporalConnection } from '@temporalio/client';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { Router } from 'express';
import type { TopicName } from '@lianxin/contracts';
import { watchConsumerLag, type ConsumerLagReport } from './consumer-lag';
import { closeServer, createHttpApp, finishHttpApp, listen, type ReadinessCheck } from './http';
import { createKafka, ensureTopics, kafkaReady, resolveTopic, runConsumer } from './kafka';
import type { Logger } from './logger';
import { connectMongo, mongoReady } from './mongo';
import { Closer, type ProcessContext, type RunningProcess } from './runtime';
import { connectTemporal, temporalReady } from './temporal';

/** What every HTTP service opens: its own database, Temporal, Kafka; and how to tell it's ready. */
export interface ServiceResources {
  db: Connection;
  temporal: Client;
  temporalConnection: TemporalConnection;
  kafka: Kafka;
  admin: Admin;
  closer: Closer;
  readiness: ReadinessCheck;
  log: Logger;
}

export interface RunningHttpService extends RunningProcess {
  url: string;
  server: Server;
}

/** Opens a service's connections; on failure closes whatever was opened and rethrows. */
export async function openServiceResources({ config, log }: ProcessContext, service: string): Promise<ServiceResources> {
  const closer = new Closer();
  try {
    const db = await connectMongo(config, service);
    closer.add(() => db.close());
    const { connection, client } = await connectTemporal(config);
    closer.add(() => connection.close());
    const kafka = createKafka(config, `lianxin-${service}`);
    const admin = kafka.admin();
    await admin.connect();
    closer.add(() => admin.disconnect());
    return {
      db,
      temporal: client,
      temporalConnection: connection,
      kafka,
      admin,
      closer,
      log,
      readiness: async () => ({
        temporal: await temporalReady(connection, config.temporal.namespace),
        kafka: await kafkaReady(admin),
        mongo: await mongoReady(db),
      }),
    };
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
  return { url, server, close: () => closer.close() };
}

/** A consumer group of a service: its name (before the topic prefix), its topics, its handler. */
export interface TopicConsumer {
  groupId: string;
  topics: TopicName[];
  handle: (message: KafkaMessage, resources: ServiceResources) => Promise<void>;
}

/**
 * Starts each consumer group (partitions side by side, each in order) with a watch on its lag.
 * Closing the service stops the watch and disconnects the consumer, which commits and leaves.
 */
async function startConsumers(
  { config, log }: ProcessContext,
  resources: ServiceResources,
  consumers: TopicConsumer[],
): Promise<Array<() => ConsumerLagReport>> {
  const reports: Array<() => ConsumerLagReport> = [];
  for (const definition of consumers) {
    const groupId = `${config.kafka.topicPrefix}${definition.groupId}`;
    const topics = definition.topics.map((name) => resolveTopic(config, name));
    await ensureTopics(resources.kafka, config, definition.topics);
    const consumer = await runConsumer(resources.kafka, {
      groupId,
      topics,
      log,
      partitionsConsumedConcurrently: config.kafka.partitions,
      handle: (message) => definition.handle(message, resources),
    });
    resources.closer.add(() => consumer.disconnect());
    const watch = watchConsumerLag(resources.admin, { groupId, topics, log });
    resources.closer.add(async () => watch.stop());
    reports.push(watch.report);
  }
  return reports;
}

export interface HttpServiceDefinition {
  service: string;
  port: number;
  /** Runs once the connections are open, before anything is served (e.g. loading sample data). */
  prepare?: (resources: ServiceResources) => Promise<void>;
  /** The service's consumer groups (e.g. the one keeping its read model). */
  consumers?: TopicConsumer[];
  routes: (resources: ServiceResources) => Router[];
}

/**
 * One HTTP service: its connections, its order-event consumer, its routes with health and
 * readiness, problem+json errors; close() undoes it all in reverse.
 */
export async function startHttpService(ctx: ProcessContext, definition: HttpServiceDefinition): Promise<RunningHttpService> {
  const resources = await openServiceResources(ctx, definition.service);
  try {
    await definition.prepare?.(resources);
    const lagReports = await startConsumers(ctx, resources, definition.consumers ?? []);
    const app = createHttpApp({
      service: definition.service,
      log: ctx.log,
      readiness: resources.readiness,
      readinessDetails: () => ({ consumers: lagReports.map((report) => report()) }),
    });
    for (const router of definition.routes(resources)) app.use(router);
    finishHttpApp(app, ctx.log);
    const running = await serveHttp(app, definition.port, resources.closer);
    ctx.log.info({ url: running.url }, `${definition.service} service listening`);
    return running;
  } catch (error) {
    await resources.closer.close();
    throw error;
  }
}
