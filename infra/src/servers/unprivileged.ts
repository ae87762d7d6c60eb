import { readFileSync } from 'node:fs';
import { exec } from '../install/build';

/**
 * A user with an entry in /etc/passwd, other than root, to be inside a user namespace: `nobody`
 * where there is one (initdb looks its own uid up and fails for a uid without an entry).
 */
function namespaceUser(): { uid: number; gid: number } {
  let passwd = '';
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    // no /etc/passwd: nobody's usual ids
  }
  const users = passwd
    .split('\n')
    .map((line) => line.split(':'))
    .map(([name, , uid, gid]) => ({ name, uid: Number(uid), gid: Number(gid) }))
    .filter((u) => Number.isInteger(u.uid) && u.uid > 0 && Number.isInteger(u.gid));
  const user = users.find((u) => u.name === 'nobody') ?? users[0] ?? { uid: 65_534, gid: 65_534 };
  return { uid: user.uid, gid: user.gid };
}

let flags: Promise<string[]> | undefined;

/** `unshare` flags for a user namespace where this (root) process is `namespaceUser()`, checked once by running `true` in it. */
function namespaceFlags(label: string): Promise<string[]> {
  flags ??= (async () => {
    const { uid, gid } = namespaceUser();
    const result = ['--user', `--map-user=${uid}`, `--map-group=${gid}`];
    try {
      await exec('unshare', [...result, 'true']);
    } catch (error) {
      flags = undefined; // try again next time
      throw new Error(
        `${label} 不能以 root 运行，而 unshare 无法建立用户命名空间 (${label} refuses to run as root, and running it in a user namespace ` +
          `with util-linux's unshare failed). Install util-linux 2.36+, allow user namespaces (in Docker: --security-opt seccomp=unconfined), ` +
          `or run as a user other than root.\n${(error as Error).message}`,
      );
    }
    return result;
  })();
  return flags;
}

/**
 * `command args` as a process that is not root, for servers that refuse root (PostgreSQL). When
 * this process is root, the command runs in a new user namespace (`unshare --user`, which execs
 * it: same pid, signals reach it) as an ordinary uid that maps back to root outside, so it reads
 * and writes root's files — the cache under /root, the data folder — as their owner, with no
 * extra user, chown or chmod. Otherwise the command runs as it is.
 */
export async function unprivileged(label: string, command: string, args: string[]): Promise<{ command: string; args: string[] }> {
  if (process.getuid?.() !== 0) return { command, args };
  return { command: 'unshare', args: [...(await namespaceFlags(label)), command, ...args] };
}
