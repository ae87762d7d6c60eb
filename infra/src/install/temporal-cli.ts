import path from 'node:path';
import { cacheDir, defaultLog, versions, type Log } from '../paths';
import { buildOnce } from './build';
import { go, requireGo } from './go';

/**
 * The Temporal CLI (whose `server start-dev` is the dev server), built once with `go install`
 * into `<cache>/temporal-cli-<version>/bin/temporal`. Returns the binary's path.
 */
export async function ensureTemporalCli(log: Log = defaultLog): Promise<string> {
  const version = versions.temporalCli;
  return buildOnce(cacheDir('temporal-cli', version), 'bin/temporal', log, async (staging) => {
    await requireGo();
    log(`building Temporal CLI v${version} with go install (first run only; several minutes on 2 cores) …`);
    await go(`Temporal CLI v${version}`, [
      'install',
      // as the release build does, so `temporal --version` names the version
      `-ldflags=-s -w -X github.com/temporalio/cli/temporalcli.Version=${version}`,
      `github.com/temporalio/cli/cmd/temporal@v${version}`,
    ], { env: { GOBIN: path.join(staging, 'bin') } });
  });
}
