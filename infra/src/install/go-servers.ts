import { cpSync, chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheDir, versions } from '../paths';
import { buildOnce, exec, requireTool, type Log } from './build';

const goHint = '请安装 Go 1.24 或更高版本 (https://go.dev/dl/ 或 apt-get install golang-go) — needed to build the Temporal CLI and FerretDB';

/** The Temporal CLI (dev server), built with `go install` at a tag whose go.mod has no replace directive. */
export async function ensureTemporalCli(log: Log): Promise<string> {
  const dir = cacheDir('temporal-cli', versions.temporalCli);
  return buildOnce(dir, 'bin/temporal', async (staging) => {
    await requireTool('go', ['version'], goHint);
    log(`building Temporal CLI v${versions.temporalCli} with go install (first run only, a few minutes) …`);
    await exec('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${versions.temporalCli}`], {
      env: { GOBIN: path.join(staging, 'bin'), GOFLAGS: '-buildvcs=false' },
    });
  });
}

/**
 * FerretDB, built from its module source. `go install …@v1.24.2` is not usable: the module proxy
 * refuses the version list that go reads for the deprecation check, and the module's embedded
 * build/version/version.txt is empty (the binary panics at start). So: fetch the module with
 * `go mod download`, write version.txt, and build its cmd/ferretdb in place.
 */
export async function ensureFerretDb(log: Log): Promise<string> {
  const version = versions.ferretdb;
  const dir = cacheDir('ferretdb', version);
  return buildOnce(dir, 'bin/ferretdb', async (staging) => {
    await requireTool('go', ['version'], goHint);
    log(`building FerretDB v${version} (first run only) …`);
    const work = mkdtempSync(path.join(os.tmpdir(), 'lianxin-ferretdb-'));
    try {
      const json = await exec('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@v${version}`], { cwd: work, env: { GOFLAGS: '-mod=mod' } });
      const source = (JSON.parse(json) as { Dir: string }).Dir;
      const tree = path.join(work, 'src');
      cpSync(source, tree, { recursive: true });
      chmodSync(path.join(tree, 'build', 'version'), 0o755);
      writeFileSync(path.join(tree, 'build', 'version', 'version.txt'), `v${version}\n`);
      await exec('go', ['build', '-o', path.join(staging, 'bin', 'ferretdb'), './cmd/ferretdb'], { cwd: tree, env: { GOFLAGS: '-buildvcs=false' } });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}
