// Every `noko` command as people run it: a child process of bin/noko.js with a deadline, checking the exit
// code, stdout and stderr — the happy path and one usage error each, plus --help. In-process tests cannot
// catch a command whose event loop drains mid-work (Vitest keeps the loop alive), so these spawn.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../src/documents/kinds.server';
import { documentKinds } from '../../src/documents/registry.server';
import { createTerritory } from '../../src/registry/organisations.server';
import { compliantSchool } from '../site-audit/fixtures/school';
import { seedCampaign } from '../site-audit/helpers/seed';
import { serve, type FixtureServer } from '../site-audit/helpers/server';
import { openNewDataDir } from '../helpers/db';
import { noko as nokoChild, type NokoOptions } from '../helpers/noko';

const dir = mkdtempSync(path.join(tmpdir(), 'noko-cli-all-'));
const dataDir = path.join(dir, 'data');
const COMMANDS = [
  'import-orgs',
  'export-orgs',
  'demo',
  'backup',
  'restore',
  'score',
  'audit',
  'audit-campaign',
  'create-admin',
  'report',
];

/** `noko …` on this file's data folder unless told otherwise (test/helpers/noko.ts). */
const noko = (args: string[], options: NokoOptions = {}) => nokoChild(args, { dataDir, ...options });

let territoryId = '';
let campaignId = '';
const sites: FixtureServer[] = [];

beforeAll(async () => {
  for (let i = 0; i < 2; i++) sites.push(await serve(compliantSchool()));
  const h = await openNewDataDir(dataDir);
  try {
    const { campaign } = await seedCampaign(
      h.db,
      sites.map((s) => s.url),
      'CLI',
    );
    campaignId = campaign.id;
    const actor = { id: null, name: 'тест' };
    const region = await createTerritory(h.db, { kind: 'region', name: 'Область CLI', parentId: null }, actor);
    territoryId = (await createTerritory(h.db, { kind: 'municipality', name: 'Город CLI', parentId: region.id }, actor))
      .id;
  } finally {
    await h.close();
  }
  writeFileSync(
    path.join(dir, 'orgs.csv'),
    '\uFEFFПолное наименование;Краткое наименование;Тип;ИНН\r\n' +
      'Муниципальное бюджетное общеобразовательное учреждение «Школа № 5»;МБОУ Школа № 5;школа;7707083893\r\n',
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(sites.map((s) => s.close()));
});

describe('noko as a child process', { timeout: 180_000 }, () => {
  it('without a command: usage on stderr, exit 2; --help lists every command on stdout, exit 0', async () => {
    const none = await noko([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('Использование: noko <команда>');
    const help = await noko(['--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    for (const c of COMMANDS) expect(help.stdout).toContain(`noko ${c} `);
    const unknown = await noko(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Неизвестная команда «frobnicate»');
  });

  it.each(COMMANDS)(
    'noko %s --help prints its usage on stdout and exits 0 without touching anything',
    async (command) => {
      const r = await noko([command, '--help'], { dataDir: path.join(dir, `help-${command}`) });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Использование: noko ${command}\\b`));
      // --help opens no database: the data folder it was pointed at is never created.
      expect(existsSync(path.join(dir, `help-${command}`))).toBe(false);
      const short = await noko(['help', command], { dataDir: path.join(dir, `help-${command}`) });
      expect(short.code).toBe(0);
      expect(short.stdout).toBe(r.stdout);
    },
  );

  it('noko report --help names every registered document kind with its formats', async () => {
    const r = await noko(['report', '--help'], { dataDir: path.join(dir, 'help-report-kinds') });
    expect(r.code).toBe(0);
    const kinds = documentKinds();
    expect(kinds.length).toBeGreaterThanOrEqual(10);
    for (const k of kinds) {
      const line = r.stdout.split('\n').find((l) => l.trim().startsWith(`${k.kind} `));
      expect(line, `usage names --kind ${k.kind}`).toBeDefined();
      for (const f of k.formats) expect(line, `${k.kind} lists ${f}`).toContain(f);
    }
  });

  it('score: the example as a table; an unknown policy is a usage error', async () => {
    const ok = await noko(['score', 'examples/score-input.json']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Критерии и итог');
    expect(ok.stdout).toContain('Показатели');
    const bad = await noko(['score', 'examples/score-input.json', '--policy', 'magic']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('Неизвестная политика «magic»');
  });

  it('audit: finishes a real audit of a site (politeness pauses included) and exits 0; an unknown type exits 2', async () => {
    // Documents are checked too, so several requests go to one host and wait out the pause between them.
    const ok = await noko(['audit', sites[0]!.url, '--json', '--date', '2025-12-01']);
    expect(ok.signal).toBeNull();
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const json = JSON.parse(ok.stdout) as { sections: unknown[]; summary: { present: number; required: number } };
    expect(json.sections).toHaveLength(14);
    expect(json.summary.present).toBe(json.summary.required);
    const bad = await noko(['audit', sites[0]!.url, '--type', 'university']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('Неизвестный тип организации «university»');
  });

  it('audit-campaign: audits every site of the campaign and exits 0; no campaign id exits 2', async () => {
    const ok = await noko(['audit-campaign', campaignId, '--no-documents', '--date', '2025-12-01'], {
      deadlineMs: 120_000,
    });
    expect(ok.signal).toBeNull();
    expect(ok.code).toBe(0);
    expect(ok.stdout + ok.stderr).toMatch(/2 из 2/);
    const bad = await noko(['audit-campaign']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Использование: noko audit-campaign');
  });

  it('import-orgs: prints the changes and loads a CSV with --yes; a missing --territory exits 2', async () => {
    const ok = await noko(['import-orgs', path.join(dir, 'orgs.csv'), '--territory', territoryId, '--yes']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Новая организация: МБОУ Школа № 5 (ИНН 7707083893, строка 2)');
    expect(ok.stdout).toContain('Добавлено: 1');
    const bad = await noko(['import-orgs', path.join(dir, 'orgs.csv')]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('Использование: noko import-orgs');
  });

  it('export-orgs: the registry as CSV on stdout; an unknown format exits 2', async () => {
    const ok = await noko(['export-orgs', '--territory', territoryId]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('7707083893');
    expect(ok.stdout).toContain('МБОУ Школа № 5');
    const bad = await noko(['export-orgs', '--format', 'pdf']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Неизвестный формат «pdf»');
  });

  it('create-admin: prints a one-time link; without --name exits 2', async () => {
    const ok = await noko(['create-admin', '--email', 'admin@cli.test', '--name', 'Админ Тестовый']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Администратор создан\. Одноразовая ссылка для входа:\nhttp:\/\/\S+\n/);
    const bad = await noko(['create-admin', '--email', 'x@cli.test']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Использование: noko create-admin');
  });

  it('demo: creates the demo municipality and accounts; an unexpected argument exits 2', async () => {
    const demoDir = path.join(dir, 'demo-data');
    const ok = await noko(['demo'], { dataDir: demoDir, deadlineMs: 150_000 });
    expect(ok.signal).toBeNull();
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Демонстрационные данные созданы.');
    expect(ok.stdout).toMatch(/school@demo\.noko\s+\S{14}/);
    const bad = await noko(['demo', 'extra'], { dataDir: demoDir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Лишний аргумент «extra»');
  });

  it('backup then restore into an empty folder gives the same registry; bad arguments exit 2', async () => {
    const archive = path.join(dir, 'copy.tar.gz');
    const saved = await noko(['backup', '--out', archive]);
    expect(saved.stderr).toBe('');
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain(`Резервная копия сохранена: ${archive}`);
    expect(existsSync(archive)).toBe(true);
    expect((await noko(['backup', '--out'])).code).toBe(2);

    const restoredDir = path.join(dir, 'restored');
    const restored = await noko(['restore', archive], { dataDir: restoredDir });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const before = await noko(['export-orgs']);
    const after = await noko(['export-orgs'], { dataDir: restoredDir });
    expect(after.code).toBe(0);
    expect(after.stdout).toBe(before.stdout);
    expect(after.stdout).toContain('7707083893');
    const bad = await noko(['restore'], { dataDir: path.join(dir, 'restore-none') });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('noko restore <файл.tar.gz>');
  });
});
