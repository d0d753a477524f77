import { readdir, readFile, readlink } from 'node:fs/promises';

/**
 * The command line of the local process listening on `port`, from Linux's /proc (the socket's inode
 * in /proc/net/tcp*, then the process holding it). Null elsewhere, or when the process is not
 * readable (another user's): the audit then knows only what the HTTP API says.
 */
export async function findListeningProcess(port: number, proc = '/proc'): Promise<{ pid: number; argv: string[] } | null> {
  if (process.platform !== 'linux') return null;
  const inodes = await listeningInodes(port, proc);
  if (inodes.size === 0) return null;
  let pids: string[];
  try {
    pids = (await readdir(proc)).filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  for (const pid of pids) {
    if (!(await holdsSocket(`${proc}/${pid}/fd`, inodes))) continue;
    try {
      const argv = (await readFile(`${proc}/${pid}/cmdline`, 'utf8')).split('\0').filter((w) => w !== '');
      if (argv.length > 0) return { pid: Number(pid), argv };
    } catch {
      return null;
    }
  }
  return null;
}

/** Inodes of sockets in LISTEN state (0A) on `port`, IPv4 and IPv6. */
async function listeningInodes(port: number, proc: string): Promise<Set<string>> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const out = new Set<string>();
  for (const table of ['net/tcp', 'net/tcp6']) {
    let text = '';
    try {
      text = await readFile(`${proc}/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && cols[1]!.endsWith(`:${hexPort}`) && cols[3] === '0A') out.add(cols[9]!);
    }
  }
  return out;
}

async function holdsSocket(fdDir: string, inodes: Set<string>): Promise<boolean> {
  let fds: string[];
  try {
    fds = await readdir(fdDir);
  } catch {
    return false;
  }
  for (const fd of fds) {
    try {
      const target = await readlink(`${fdDir}/${fd}`);
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match && inodes.has(match[1]!)) return true;
    } catch {
      // the descriptor closed meanwhile
    }
  }
  return false;
}
