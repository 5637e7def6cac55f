// Child process for the data-folder lock tests: tries to lock DATA_DIR, prints «held» or «refused», and
// keeps a taken lock until its stdin closes (or it is killed).
import { DataDirLockedError, lockDataDir } from '../../src/db/lock.server';

const dir = process.argv[2]!;
try {
  lockDataDir(dir);
  process.stdout.write('held\n');
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
} catch (err) {
  process.stdout.write(err instanceof DataDirLockedError ? 'refused\n' : `error ${String(err)}\n`);
  process.exit(0);
}
