// `npm start` on a fresh clone: build the web app once if there is no build, or if sources are newer.
import { execSync } from 'node:child_process';
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
  console.log('Сборка веб-приложения…');
  execSync('npx react-router build', { stdio: 'inherit' });
}
