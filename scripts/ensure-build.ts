// `npm start` on a fresh clone: build the web app once if there is no build or the sources changed.
import { buildIsCurrent, ensureBuild } from './build-state';

if (!buildIsCurrent()) {
  console.log('Сборка веб-приложения…');
  ensureBuild({ stdio: 'inherit' });
}
