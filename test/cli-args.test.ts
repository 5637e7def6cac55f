import { describe, expect, it, vi } from 'vitest';
import { dateOptionOk, parseCliArgs } from '../cli/args';

// The commands' own tests cover their options; this covers what every command shares: Russian messages for
// parseArgs's errors, exit code 2 with the usage, --help on stdout.
describe('CLI argument parsing', () => {
  const spec = {
    usage: 'Использование: noko пример [--out файл] [--insecure]',
    options: { out: { type: 'string' }, insecure: { type: 'boolean' } },
    help: true,
  } as const;

  function run(args: string[]) {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const result = parseCliArgs(args, spec);
      return {
        result,
        stderr: err.mock.calls.map((c) => String(c[0])).join(''),
        stdout: out.mock.calls.map((c) => String(c[0])).join(''),
      };
    } finally {
      err.mockRestore();
      out.mockRestore();
    }
  }

  it.each([
    [['--x'], 'Неизвестный параметр «--x».'],
    [['--out'], 'Для параметра «--out» не указано значение.'],
    [['--insecure=да'], 'Параметр «--insecure» пишется без значения.'],
    [['лишнее'], 'Лишний аргумент «лишнее».'],
  ])('%j → exit 2, «%s» and the usage on stderr', (args, message) => {
    const { result, stderr, stdout } = run(args);
    expect(result).toBe(2);
    expect(stderr).toBe(`${message}\n${spec.usage}\n`);
    expect(stdout).toBe('');
  });

  it('returns typed values, and prints the usage on stdout for --help', () => {
    const ok = run(['--out', 'a.json', '--insecure']).result;
    expect(ok).toMatchObject({ values: { out: 'a.json', insecure: true } });
    const help = run(['--help']);
    expect(help.result).toBe(0);
    expect(help.stdout).toBe(`${spec.usage}\n`);
  });

  it('--date takes only a real calendar day, the same rule for noko audit and noko audit-campaign', () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect([undefined, '2024-02-29', '2025-12-01'].map(dateOptionOk)).toEqual([true, true, true]);
      expect(['2025-02-29', '2025-13-01', '2025-1-01', 'завтра'].map(dateOptionOk)).toEqual([
        false,
        false,
        false,
        false,
      ]);
      expect(String(err.mock.calls[1]?.[0])).toBe('Дата должна быть в виде ГГГГ-ММ-ДД, получено «2025-13-01».\n');
    } finally {
      err.mockRestore();
    }
  });
});
