import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemsOf } from '../../scripts/check-client-bundle';
import { serverOnlyWall } from '../../scripts/vite-server-only';

// The plugin's hooks with a stand-in for Rollup's plugin context: `this.error` throws, as Rollup's does.
const plugin = serverOnlyWall();
const context = {
  error: (message: string) => {
    throw new Error(message);
  },
};
type Hook = (this: typeof context, ...args: unknown[]) => unknown;
const resolveId = (source: string) =>
  (plugin.resolveId as unknown as Hook).call(context, source, '/repo/app/routes/x.tsx');
const load = (id: string) => (plugin.load as unknown as Hook).call(context, id);

describe('the server/client wall in the browser build', () => {
  it('applies to the client environment only', () => {
    const applies = plugin.applyToEnvironment as (env: { name: string }) => boolean;
    expect(applies({ name: 'client' })).toBe(true);
    expect(applies({ name: 'ssr' })).toBe(false);
  });

  it('refuses Node built-ins, with or without the node: prefix', () => {
    expect(() => resolveId('node:crypto')).toThrow(/node:crypto.*x\.tsx/);
    expect(() => resolveId('fs')).toThrow(/Node/);
    expect(resolveId('react')).toBeNull();
    expect(resolveId('../../src/auth/labels')).toBeNull();
  });

  it('refuses the database, the config, the Hono server, *.server modules and server-only packages', () => {
    for (const id of [
      '/repo/src/db/schema/registry.ts',
      '/repo/src/config/env.ts',
      '/repo/app/server/guard.ts',
      '/repo/app/hot/results.tsx',
      '/repo/src/campaigns/campaigns.server.ts',
      '/repo/app/.server/thing.ts',
      '/repo/node_modules/drizzle-orm/pg-core/index.js',
      '/repo/node_modules/@electric-sql/pglite/dist/index.js',
      '/repo/node_modules/pg/lib/index.js',
    ]) {
      expect(() => load(id), id).toThrow(/browser/);
    }
  });

  it('lets client-safe modules and browser packages through', () => {
    for (const id of [
      '/repo/src/auth/labels.ts',
      '/repo/src/campaigns/status.ts',
      '/repo/app/ui/forms.tsx',
      '/repo/node_modules/react-router/dist/index.mjs',
      '/repo/node_modules/zod/index.js',
      '/repo/src/registry/fields.ts?v=1',
    ]) {
      expect(load(id), id).toBeNull();
    }
  });
});

describe('the CI check of build/client', () => {
  function clientDir(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'noko-client-'));
    mkdirSync(path.join(dir, 'assets'));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, 'assets', name), text);
    return dir;
  }

  it('passes a clean bundle and a clean build log', () => {
    expect(
      problemsOf(
        '✓ 120 modules transformed.\nbuilt in 2.1s',
        clientDir({ 'a.js': 'export const x = 1;', 'b.css': 'a{}' }),
      ),
    ).toEqual([]);
  });

  it('names the externalization warning and each file holding server code', () => {
    const log =
      '[plugin rolldown:vite-resolve] Module "node:crypto" has been externalized for browser compatibility, imported by "/r/src/auth/password.ts".';
    const dir = clientDir({
      'ok.js': 'export {}',
      'orm.js': 'var e=Symbol.for(`drizzle:entityKind`);',
      'ext.js': 'import "__vite-browser-external";',
    });
    const problems = problemsOf(log, dir);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^build: .*node:crypto/);
    expect(problems.join('\n')).toMatch(/orm\.js: contains Drizzle ORM/);
    expect(problems.join('\n')).toMatch(/ext\.js: contains a Node built-in/);
  });
});
