import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {}

// Locks this process holds: a lock file naming our own pid but absent here was left by an earlier
// incarnation that happened to get the same pid (common for pid 1 in containers).
const heldHere = new Set<string>();

/**
 * Two processes opening the same PGlite folder corrupt it beyond repair, so embedded mode holds an
 * exclusive lock file with the owner's pid. A lock left by a process that no longer exists (SIGKILL,
 * power loss) is taken over; a live owner makes us refuse to start.
 */
export function lockDataDir(dir: string): () => void {
  const file = path.join(dir, 'noko.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(file);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        heldHere.delete(file);
        try {
          unlinkSync(file);
        } catch {
          // already gone: nothing to release
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number.parseInt(readFileSync(file, 'utf8'), 10);
      const ownedByLiveProcess = owner === process.pid ? heldHere.has(file) : Number.isInteger(owner) && isAlive(owner);
      if (ownedByLiveProcess) {
        throw new DataDirLockedError(
          `Папка данных ${dir} уже используется другим процессом НОКО (pid ${owner}). ` +
            'Встроенная база допускает только один процесс: остановите его или укажите другую DATA_DIR.',
        );
      }
      unlinkSync(file);
    }
  }
  throw new DataDirLockedError(`Не удалось захватить блокировку папки данных ${dir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
