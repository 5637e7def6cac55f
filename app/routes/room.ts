import path from 'node:path';
import { index as rootIndex, prefix, route as rootRoute, type RouteConfigEntry } from '@react-router/dev/routes';

// app/, the directory React Router resolves route files against.
const appDirectory = path.resolve(import.meta.dirname, '..');

/**
 * Route helpers scoped to one room's folder: `room(import.meta.dirname).route('login', 'login.tsx')`.
 * React Router's own `relative()` (7.18) hands it absolute file paths, which become absolute route ids
 * (`/home/…/app/routes/auth/login`); these stay `routes/<room>/<page>`, the ids every test and type
 * refers to (decision 0063).
 */
export function room(directory: string) {
  const file = (name: string) => path.relative(appDirectory, path.resolve(directory, name)).split(path.sep).join('/');
  return {
    route: (urlPath: string, name: string, children?: RouteConfigEntry[]) => rootRoute(urlPath, file(name), children),
    index: (name: string) => rootIndex(file(name)),
    prefix,
  };
}
