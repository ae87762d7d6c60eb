import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir, versions } from '../paths';
import { buildOnce, exec, requireTool, type Log } from './build';

interface Artifact {
  groupId: string;
  artifactId: string;
  version: string;
}

function pom(name: string, artifacts: Artifact[]): string {
  const deps = artifacts
    .map((a) => `<dependency><groupId>${a.groupId}</groupId><artifactId>${a.artifactId}</artifactId><version>${a.version}</version></dependency>`)
    .join('');
  return `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>lianxin.infra</groupId><artifactId>${name}</artifactId><version>1</version><packaging>pom</packaging><dependencies>${deps}</dependencies></project>`;
}

/** Resolves the artifacts and their dependencies from Maven Central into `<staging>/libs`. */
async function fetchJars(staging: string, name: string, artifacts: Artifact[], log: Log): Promise<void> {
  await requireTool('java', ['-version'], '请安装 Java 17 或更高版本 (apt-get install openjdk-17-jre-headless) — needed to run Kafka');
  await requireTool('mvn', ['-v'], '请安装 Maven (apt-get install maven) — needed to fetch the Kafka and Temporal test-server jars');
  log(`fetching ${artifacts.map((a) => `${a.artifactId}:${a.version}`).join(', ')} with Maven (first run only) …`);
  const work = path.join(staging, 'pom');
  mkdirSync(work, { recursive: true });
  writeFileSync(path.join(work, 'pom.xml'), pom(name, artifacts));
  await exec('mvn', ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(staging, 'libs')}`], { cwd: work });
}

/** Kafka's broker jars (run with `java kafka.Kafka`), plus an slf4j binding for its logs. */
export async function ensureKafka(log: Log): Promise<string> {
  const dir = cacheDir('kafka', versions.kafka);
  await buildOnce(dir, 'libs/.complete', async (staging) => {
    await fetchJars(staging, 'kafka-jars', [
      { groupId: 'org.apache.kafka', artifactId: `kafka_${versions.kafkaScala}`, version: versions.kafka },
      { groupId: 'org.slf4j', artifactId: 'slf4j-reload4j', version: versions.slf4jReload4j },
    ], log);
    writeFileSync(path.join(staging, 'libs', '.complete'), '');
  });
  return path.join(dir, 'libs');
}

/** Temporal's Java test server (time skipping) behind an executable the TypeScript SDK can start. */
export async function ensureTemporalTestServer(log: Log): Promise<string> {
  const dir = cacheDir('temporal-test-server', versions.temporalTestServer);
  return buildOnce(dir, 'bin/temporal-test-server', async (staging) => {
    await fetchJars(staging, 'temporal-test-server-jars', [
      { groupId: 'io.temporal', artifactId: 'temporal-test-server', version: versions.temporalTestServer },
    ], log);
    mkdirSync(path.join(staging, 'bin'), { recursive: true });
    const script = path.join(staging, 'bin', 'temporal-test-server');
    const libs = path.join(dir, 'libs');
    writeFileSync(script, `#!/bin/sh\n# Temporal Java test server: <port> [--enable-time-skipping]\nexec java -Xmx512m -cp "${libs}/*" io.temporal.testserver.TestServer "$@"\n`);
    chmodSync(script, 0o755);
  });
}
