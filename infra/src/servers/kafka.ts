import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { exec } from '../install/build';
import { spawnServer, splitHostPort, stopChild, waitUntilReady, reusedHandle, type Log, type ServerHandle } from './process';

export interface KafkaOptions {
  libs: string;
  dataDir: string;
  logDir: string;
  brokers: string[];
  controllerPort: number;
  log: Log;
}

async function answers(brokers: string[]): Promise<boolean> {
  const admin = new Kafka({ clientId: 'lianxin-infra-probe', brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 1_000 }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function serverProperties(host: string, port: number, controllerPort: number, logDirs: string): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${host}:${controllerPort}`,
    `listeners=PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://${host}:${port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${logDirs}`,
    'num.partitions=3',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    'delete.topic.enable=true',
    '',
  ].join('\n');
}

/** A single KRaft broker (combined controller + broker) from the Maven-resolved jars. */
export async function startKafka(options: KafkaOptions): Promise<ServerHandle & { brokers: string[] }> {
  if (await answers(options.brokers)) {
    options.log(`Kafka already answering at ${options.brokers.join(',')}: reusing it`);
    return { ...reusedHandle('kafka'), brokers: options.brokers };
  }
  const { host, port } = splitHostPort(options.brokers[0]!, 9092);
  const dir = path.join(options.dataDir, 'kafka');
  const logDirs = path.join(dir, 'data');
  mkdirSync(dir, { recursive: true });
  const properties = path.join(dir, 'server.properties');
  writeFileSync(properties, serverProperties(host, port, options.controllerPort, logDirs));
  const log4j = path.join(dir, 'log4j.properties');
  writeFileSync(
    log4j,
    [
      'log4j.rootLogger=WARN, file',
      'log4j.appender.file=org.apache.log4j.FileAppender',
      `log4j.appender.file.File=${path.join(options.logDir, 'kafka-server.log')}`,
      'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
      '',
    ].join('\n'),
  );
  mkdirSync(options.logDir, { recursive: true });
  const classpath = `${options.libs}/*`;
  const logging = `-Dlog4j.configuration=file:${log4j}`;
  if (!existsSync(path.join(logDirs, 'meta.properties'))) {
    const clusterId = randomBytes(16).toString('base64url');
    await exec('java', ['-cp', classpath, logging, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties]);
  }
  const started = spawnServer('kafka', 'java', ['-Xms256m', '-Xmx768m', '-XX:+UseG1GC', '-cp', classpath, logging, 'kafka.Kafka', properties], options.logDir);
  await waitUntilReady('Kafka', started, () => answers(options.brokers));
  return { name: 'kafka', reused: false, brokers: options.brokers, stop: () => stopChild(started.child, 30_000) };
}
