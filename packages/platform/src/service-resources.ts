import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client, Connection as TemporalConnection } from '@temporalio/client';
import type { Admin, Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { Router } from 'express';
import type { ReceivedOrderEvent } from '@lianxin/contracts';
import { closeServer, createHttpApp, finishHttpApp, listen, type ReadinessCheck } from './http';
import { consumeOrderEvents } from './order-events';
import { createKafka, ensureTopics, kafkaReady } from './kafka';
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
}

export interface RunningHttpService extends RunningProcess {
  url: string;
  server: Server;
}

/** Opens a service's connections; on failure closes whatever was opened and rethrows. */
export async function openServiceResources({ config }: ProcessContext, service: string): Promise<ServiceResources> {
  const closer = new Closer();
  try {
    const db = await connectMongo(config, service);
    closer.add(() => db.close());
    const { connection, client } = await connectTemporal(config);
    closer.add(() => connection.close());
    const kafka = createKafka(config, `lianxin-${service}`);
    await ensureTopics(kafka, config, ['orderEvents']);
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

export interface HttpServiceDefinition {
  service: string;
  port: number;
  /** Runs once the connections are open, before anything is served (e.g. loading sample data). */
  prepare?: (resources: ServiceResources) => Promise<void>;
  /** The service's consumer of the order-event stream, if it keeps a read model. */
  orderEvents?: { groupId: string; handle: (event: ReceivedOrderEvent, resources: ServiceResources) => Promise<unknown> };
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
    const { orderEvents } = definition;
    if (orderEvents) {
      const consumer = await consumeOrderEvents(resources.kafka, ctx.config, {
        groupId: orderEvents.groupId,
        log: ctx.log,
        handle: (event) => orderEvents.handle(event, resources).then(() => undefined),
      });
      resources.closer.add(() => consumer.disconnect());
    }
    const app = createHttpApp({ service: definition.service, log: ctx.log, readiness: resources.readiness });
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
