// The payout job's lock file: one run at a time per state directory. The lock names the process that holds it
// (pid, host, start time); a lock left by a process that no longer runs is stale and taken over, and said so.
import { open, readFile, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";

/** The lock's file name inside the state directory. */
export const LOCK_FILE = "payout.lock";

/** Who holds a lock. */
export interface LockOwner {
  pid: number;
  host: string;
  /** When that run started, ISO 8601. */
  startedAt: string;
}

/** Another run holds the lock: this one does nothing. */
export class LockHeldError extends Error {
  override name = "LockHeldError";
  constructor(
    readonly file: string,
    readonly owner: LockOwner,
  ) {
    super(
      `another payout run holds ${file}: pid ${owner.pid} on ${owner.host}, started ${owner.startedAt}` +
        (owner.host === hostname() ? "" : "; if that run is gone, delete the lock file"),
    );
  }
}

/** A lock this process holds. */
export interface Lock {
  file: string;
  owner: LockOwner;
  /** The stale lock this run took over, if any: the run it names died without releasing it. */
  tookOver?: LockOwner;
  release(): Promise<void>;
}

/** Whether process `pid` runs on this host (a process we may not signal still runs). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(file, "utf8")) as LockOwner;
    return Number.isInteger(owner.pid) && typeof owner.host === "string" ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the lock file only if there is none (O_EXCL): of two runs racing for it, exactly one wins. */
async function create(file: string, owner: LockOwner): Promise<boolean> {
  try {
    const handle = await open(file, "wx");
    await handle.writeFile(JSON.stringify(owner) + "\n");
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/**
 * Takes the lock of `stateDir` (which must exist). A lock held by a running process on this host, or by any
 * process on another host (whose liveness cannot be checked from here), is a LockHeldError; a lock whose process
 * is gone, or that cannot be read (its writer died mid-write), is taken over.
 */
export async function acquireLock(stateDir: string, now: Date = new Date()): Promise<Lock> {
  const file = path.join(stateDir, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: now.toISOString() };
  let tookOver: LockOwner | undefined;
  if (!(await create(file, owner))) {
    const held = await readOwner(file);
    if (held && (held.host !== owner.host || running(held.pid))) throw new LockHeldError(file, held);
    tookOver = held ?? { pid: 0, host: "unknown", startedAt: "unknown" };
    await unlink(file).catch(() => undefined);
    // Another run may have taken the stale lock in the meantime: then that run holds it, not this one.
    if (!(await create(file, owner))) throw new LockHeldError(file, (await readOwner(file)) ?? tookOver);
  }
  return {
    file,
    owner,
    tookOver,
    release: async () => {
      const current = await readOwner(file);
      if (current?.pid === owner.pid && current.startedAt === owner.startedAt) await unlink(file);
    },
  };
}
