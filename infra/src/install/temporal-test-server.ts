import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir, defaultLog, versions, type Log } from '../paths';
import { buildOnce } from './build';
import { fetchJars } from './maven';

/**
 * Temporal's Java test server (time skipping), fetched once into
 * `<cache>/temporal-test-server-<version>/libs`, behind the executable
 * `<cache>/temporal-test-server-<version>/bin/temporal-test-server <port> --enable-time-skipping`
 * for `TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } })`.
 * With `LIANXIN_TEST_LOG_DIR` set (as `npm test` does), the server's output goes to
 * `<dir>/temporal-test-server-<port>.log` rather than to the test run's terminal.
 * Returns the executable's path.
 */
export async function ensureTemporalTestServer(log: Log = defaultLog): Promise<string> {
  const version = versions.temporalTestServer;
  const executable = await buildOnce(cacheDir('temporal-test-server', version), 'bin/temporal-test-server', log, async (staging) => {
    await fetchJars(staging, 'temporal-test-server-jars', [{ groupId: 'io.temporal', artifactId: 'temporal-test-server', version }], log);
    mkdirSync(path.join(staging, 'bin'), { recursive: true });
    writeLauncher(path.join(staging, 'bin', 'temporal-test-server'), version);
  });
  // The launcher is a few lines from this file: a cache built before it changed gets the new one
  // (atomically, as another run may be starting it) without fetching the jars again.
  if (readFileSync(executable, 'utf8') !== launcher(version)) {
    const next = `${executable}.${process.pid}`;
    writeLauncher(next, version);
    renameSync(next, executable);
  }
  return executable;
}

/** Finds its jars relative to itself, so the cache folder may be moved or restored elsewhere. */
function launcher(version: string): string {
  return [
    '#!/bin/sh',
    `# Temporal Java test server ${version}: temporal-test-server <port> [--enable-time-skipping]`,
    '# With LIANXIN_TEST_LOG_DIR set, its output (SLF4J notices, errors) goes to <dir>/temporal-test-server-<port>.log.',
    'libs="$(cd "$(dirname "$0")/../libs" && pwd)"',
    'if [ -n "$LIANXIN_TEST_LOG_DIR" ] && mkdir -p "$LIANXIN_TEST_LOG_DIR"; then',
    '  exec java -Xmx512m -cp "$libs/*" io.temporal.testserver.TestServer "$@" >>"$LIANXIN_TEST_LOG_DIR/temporal-test-server-$1.log" 2>&1',
    'fi',
    'exec java -Xmx512m -cp "$libs/*" io.temporal.testserver.TestServer "$@"',
    '',
  ].join('\n');
}

function writeLauncher(file: string, version: string): void {
  writeFileSync(file, launcher(version));
  chmodSync(file, 0o755);
}
