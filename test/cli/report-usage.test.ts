// `noko report --help` as people run it: every kind the registry knows is named there with its formats, so
// the usage text cannot fall behind a kind added later.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/documents/kinds.server';
import { documentKinds } from '../../src/documents/registry.server';

const root = path.resolve(import.meta.dirname, '../..');

describe('noko report --help', () => {
  it('names every registered document kind with its formats', () => {
    const usage = execFileSync(process.execPath, ['bin/noko.js', 'report', '--help'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const kinds = documentKinds();
    expect(kinds.length).toBeGreaterThanOrEqual(10);
    for (const k of kinds) {
      const line = usage.split('\n').find((l) => l.trim().startsWith(`${k.kind} `));
      expect(line, `usage names --kind ${k.kind}`).toBeDefined();
      for (const f of k.formats) expect(line, `${k.kind} lists ${f}`).toContain(f);
    }
  });
});
