// `npm start` on a fresh clone: build the web app once if there is no build or the sources changed.
// The build's own output (chunk sizes, bundler warnings) is kept out of the way: on the first start the one
// thing a newcomer must see is the setup link the server prints next. Shown in full only on failure.
import { buildIsCurrent, runBuild } from './build-state';

if (!buildIsCurrent()) {
  process.stdout.write('Сборка веб-приложения (один раз, около минуты)… ');
  const started = Date.now();
  try {
    runBuild({ stdio: 'pipe' });
  } catch (err) {
    process.stdout.write('не удалась.\n');
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  process.stdout.write(`готово за ${Math.round((Date.now() - started) / 1000)} с.\n`);
}
