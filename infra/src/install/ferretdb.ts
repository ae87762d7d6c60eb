import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheDir, defaultLog, versions, type Log } from '../paths';
import { buildOnce } from './build';
import { patchFerretDbSource } from './ferretdb-patches';
import { go, requireGo } from './go';

/** The module cache is read-only; a copy of it must be made writable to be edited and removed. */
function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(full);
    else if (entry.isFile()) chmodSync(full, 0o644);
  }
}

/**
 * FerretDB with this project's source patches (ferretdb-patches.ts), built once into
 * `<cache>/ferretdb-<version>-<patch>/bin/ferretdb`. Returns the binary's path.
 *
 * `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v…` does not work: the module proxy
 * refuses the version list that `go install pkg@version` reads for its deprecation check. So the
 * exact module version is fetched with `go mod download` (no list needed), copied, given the
 * build/version/version.txt its release builds generate (so `--version` and `buildInfo` name the
 * version; without it a build whose main module is FerretDB panics), patched, and built with
 * `go build` against the module's own go.mod/go.sum.
 */
export async function ensureFerretDb(log: Log = defaultLog): Promise<string> {
  const version = versions.ferretdb;
  return buildOnce(cacheDir('ferretdb', `${version}-${versions.ferretdbPatch}`), 'bin/ferretdb', log, async (staging) => {
    await requireGo();
    log(`building FerretDB v${version} (patch ${versions.ferretdbPatch}) with go build (first run only; a few minutes) …`);
    const work = mkdtempSync(path.join(os.tmpdir(), 'lianxin-ferretdb-'));
    try {
      const what = `FerretDB v${version}`;
      const json = await go(what, ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@v${version}`], { cwd: work, env: { GO111MODULE: 'on' } });
      const source = (JSON.parse(json) as { Dir: string }).Dir;
      const tree = path.join(work, 'src');
      cpSync(source, tree, { recursive: true });
      makeWritable(tree);
      writeFileSync(path.join(tree, 'build', 'version', 'version.txt'), `v${version}\n`); // x.y.z only: FerretDB parses it
      patchFerretDbSource(tree);
      await go(what, ['build', '-o', path.join(staging, 'bin', 'ferretdb'), './cmd/ferretdb'], { cwd: tree });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}
