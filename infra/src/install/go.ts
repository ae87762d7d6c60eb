import { versions } from '../paths';
import { compareVersions, exec, InstallError, requireTool } from './build';

const minimum = versions.requires.go;

export const goHint =
  `需要 Go ${minimum}+ 来编译 Temporal CLI 和 FerretDB (Go ${minimum}+ is needed to build the Temporal CLI and FerretDB): ` +
  'https://go.dev/dl/ — Debian/Ubuntu 的 apt golang-go 往往太旧 (apt\'s golang-go is often too old).';

/**
 * Checks for a Go toolchain new enough to build the pinned servers. An older Go (1.21+) is fine
 * when GOTOOLCHAIN lets it fetch the newer toolchain itself from the module proxy.
 */
export async function requireGo(): Promise<void> {
  const found = await requireTool('go', ['version'], /go(\d+\.\d+(?:\.\d+)?)/, '0', goHint);
  if (found === undefined || compareVersions(found, minimum) >= 0) return;
  const toolchain = compareVersions(found, '1.21') >= 0 ? (await exec('go', ['env', 'GOTOOLCHAIN'])).trim() : 'none';
  if (toolchain === 'none' || toolchain === 'local' || toolchain.endsWith('+path')) {
    throw new InstallError(`go ${found} 太旧 (too old: need ${minimum}+, or 1.21+ with GOTOOLCHAIN=auto to fetch it). ${goHint}`);
  }
}

/** Runs a go command; a failure becomes one message naming the build and what Go needs. */
export async function go(what: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  try {
    return await exec('go', args, { ...options, env: { GOFLAGS: '-buildvcs=false', ...options.env } });
  } catch (error) {
    throw new InstallError(
      `构建 ${what} 失败 (building ${what} failed; it needs Go ${minimum}+ and the Go module proxy, GOPROXY). ${goHint}\n${(error as Error).message}`,
    );
  }
}
