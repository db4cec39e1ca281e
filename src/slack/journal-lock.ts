import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Claims `<journal>.lock` for this process (it holds the pid), so that two `opsight serve` processes
 * pointed at one journal file fail at start instead of replaying and compacting each other's entries.
 * A lock left by a process that is gone (killed, crashed) is taken over; one held by a live process is not.
 * @returns the reason the lock is held by another process, or undefined once this process holds it.
 */
export function claimJournalLock(lockPath: string): string | undefined {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = lockHolder(lockPath);
    if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
      return `it is in use by process ${holder} (another opsight serve?); give each serve process its own OPSIGHT_INTAKE_JOURNAL, or remove ${lockPath} if that process is not opsight`;
    }
    rmSync(lockPath, { force: true }); // left by a process that is gone (or by this one): take it over
  }
  return `could not create ${lockPath}: another process keeps creating it`;
}

/** Releases the lock if this process still holds it. */
export function releaseJournalLock(lockPath: string): void {
  if (lockHolder(lockPath) === process.pid) rmSync(lockPath, { force: true });
}

function lockHolder(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
