// CI step (decision 0060): build the app and fail if the browser bundle holds server code or the build
// warned that it externalized a Node module for the browser. The build itself already refuses most leaks
// (scripts/vite-server-only.ts, React Router's *.server rule); this checks the result, whatever the cause.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root, runBuild } from './build-state';

// Strings that only server code puts into a bundle: Vite's stand-in for an externalized Node module,
// Drizzle's entity symbols, the embedded database, SQL the app sends, the password hash format.
const markers: { text: string; what: string }[] = [
  { text: '__vite-browser-external', what: 'a Node built-in replaced by Vite for the browser' },
  { text: 'drizzle:', what: 'Drizzle ORM' },
  { text: 'PGlite', what: 'the embedded database (PGlite)' },
  { text: 'pg_advisory', what: 'SQL of the database layer' },
  { text: 'scrypt$', what: 'password hashing' },
  { text: 'SESSION_SECRET', what: 'the server configuration' },
];
const warningPatterns = [/externalized for browser compatibility/i, /Server-only module referenced by client/i];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : /\.(m?js|css|html)$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

export function problemsOf(output: string, clientDir: string): string[] {
  const problems: string[] = [];
  for (const line of output.split('\n'))
    if (warningPatterns.some((p) => p.test(line))) problems.push(`build: ${line.trim()}`);
  for (const file of files(clientDir)) {
    const text = readFileSync(file, 'utf8');
    for (const m of markers)
      if (text.includes(m.text)) problems.push(`${path.relative(root, file)}: contains ${m.what} («${m.text}»)`);
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let output: string;
  try {
    output = runBuild();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const problems = problemsOf(output, path.join(root, 'build/client'));
  if (problems.length) {
    console.error(
      `Server code reaches the browser bundle (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    process.exit(1);
  }
  console.log('build/client holds no server code; the build printed no externalization warning.');
}
