// `npm start` on a fresh clone: build the web app once if there is no build, or if sources are newer.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const marker = 'build/server/index.js';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const stale = !existsSync(marker) || Math.max(newestMtime('app'), newestMtime('src')) > statSync(marker).mtimeMs;
if (stale) {
  // The build's own output (chunk sizes, bundler warnings) is kept out of the way: on the first start the
  // one thing a newcomer must see is the setup link the server prints next. Shown in full only on failure.
  process.stdout.write('Сборка веб-приложения (один раз, около минуты)… ');
  const started = Date.now();
  const r = spawnSync('npx', ['react-router', 'build'], { encoding: 'utf8', env: { ...process.env, NOKO_BUILD_DIR: '' } });
  if (r.status !== 0) {
    process.stdout.write('не удалась.\n');
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}\n`);
    process.exit(r.status ?? 1);
  }
  process.stdout.write(`готово за ${Math.round((Date.now() - started) / 1000)} с.\n`);
}
