import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir, defaultLog, versions, type Log } from '../paths';
import { buildOnce } from './build';
import { fetchJars } from './maven';

/**
 * Temporal's Java test server (time skipping), fetched once into
 * `<cache>/temporal-test-server-<version>/libs`, behind the executable
 * `<cache>/temporal-test-server-<version>/bin/temporal-test-server <port> --enable-time-skipping`
 * for `TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } })`.
 * Returns the executable's path.
 */
export async function ensureTemporalTestServer(log: Log = defaultLog): Promise<string> {
  const version = versions.temporalTestServer;
  return buildOnce(cacheDir('temporal-test-server', version), 'bin/temporal-test-server', log, async (staging) => {
    await fetchJars(staging, 'temporal-test-server-jars', [{ groupId: 'io.temporal', artifactId: 'temporal-test-server', version }], log);
    mkdirSync(path.join(staging, 'bin'), { recursive: true });
    const script = path.join(staging, 'bin', 'temporal-test-server');
    // finds its jars relative to itself, so the cache folder may be moved or restored elsewhere
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        `# Temporal Java test server ${version}: temporal-test-server <port> [--enable-time-skipping]`,
        'libs="$(cd "$(dirname "$0")/../libs" && pwd)"',
        'exec java -Xmx512m -cp "$libs/*" io.temporal.testserver.TestServer "$@"',
        '',
      ].join('\n'),
    );
    chmodSync(script, 0o755);
  });
}
