import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir, defaultLog, versions, type Log } from '../paths';
import { buildOnce } from './build';
import { fetchJars, requireJava } from './maven';

/**
 * Kafka's broker jars (`java -cp '<libs>/*' kafka.Kafka`) with an slf4j binding for its log4j
 * logs, fetched once into `<cache>/kafka-<version>/libs`. Returns that folder. Checks Java every
 * time, as starting the broker needs it.
 */
export async function ensureKafka(log: Log = defaultLog): Promise<string> {
  const dir = cacheDir('kafka', versions.kafka);
  await buildOnce(dir, 'libs/.complete', log, async (staging) => {
    const libs = await fetchJars(staging, 'kafka-jars', [
      { groupId: 'org.apache.kafka', artifactId: `kafka_${versions.kafkaScala}`, version: versions.kafka },
      { groupId: 'org.slf4j', artifactId: 'slf4j-reload4j', version: versions.slf4jReload4j },
    ], log);
    writeFileSync(path.join(libs, '.complete'), `kafka_${versions.kafkaScala}:${versions.kafka}\n`);
  });
  await requireJava();
  return path.join(dir, 'libs');
}
