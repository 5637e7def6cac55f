import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { tryLock } from 'fs-native-extensions';

export class DataDirLockedError extends Error {}

/**
 * Two processes opening the same PGlite folder corrupt it beyond repair, so embedded mode holds an
 * OS-level exclusive lock on `DATA_DIR/noko.lock` for the life of the process (decision 0015). The kernel
 * owns the lock, not a pid written in a file: it holds across PID namespaces and containers sharing the
 * folder, and it disappears by itself when the holder dies (SIGKILL, OOM), so a stale lock never blocks
 * a restart. On Linux the lock is an open-file-description lock (F_OFD_SETLK), which also refuses a second
 * open of the same folder inside one process.
 */
export function lockDataDir(dir: string): () => void {
  const file = path.join(dir, 'noko.lock');
  const fd = openSync(file, 'a+', 0o600);
  let locked: boolean;
  try {
    locked = tryLock(fd);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  if (!locked) {
    closeSync(fd);
    throw new DataDirLockedError(
      `Папка данных ${dir} уже используется другим процессом НОКО (возможно, в другом контейнере). ` +
        'Встроенная база допускает только один процесс: остановите его или укажите другую DATA_DIR.',
    );
  }
  // The pid is only a hint for a person looking at the folder; the lock itself is the kernel's.
  ftruncateSync(fd, 0);
  writeSync(fd, `${process.pid}\n`, 0);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    // Closing the descriptor releases the lock; the file stays, so the next holder locks the same inode.
    closeSync(fd);
  };
}
