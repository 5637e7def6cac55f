// Argument parsing shared by the `noko` subcommands: node:util parseArgs (strict) plus the usage text, so a
// command states only its options and its own checks. Every usage error exits 2 (the commands document it).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

export type CliSpec<O extends Options> = {
  /** Shown by --help on stdout and under every usage error on stderr. */
  usage: string;
  options?: O;
  /** Accept positional arguments (the command checks how many itself). */
  positionals?: boolean;
  /** Accept --help / -h: print the usage on stdout and exit 0 (on by default: every command answers it). */
  help?: boolean;
  /** Put before parseArgs's own message, e.g. 'Ошибка в параметрах: '. */
  errorPrefix?: string;
};

export type CliArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; strict: true; allowPositionals: true }>
>;

/**
 * Parses a subcommand's arguments. Returns the typed values and positionals, or the exit code to return
 * after the message has been printed: 2 for a bad option (message and usage on stderr), 0 for --help.
 */
export function parseCliArgs<O extends Options = Record<never, never>>(
  args: string[],
  spec: CliSpec<O>,
): CliArgs<O> | number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { ...spec.options, ...(spec.help !== false ? HELP : {}) },
      allowPositionals: spec.positionals ?? false,
      strict: true,
    });
  } catch (err) {
    return usageError(spec.usage, `${spec.errorPrefix ?? ''}${inRussian(err)}`);
  }
  if (spec.help !== false && parsed.values.help) {
    process.stdout.write(asBlock(spec.usage));
    return 0;
  }
  return parsed as CliArgs<O>;
}

/**
 * Prints the usage (after `message`, when given) to stderr and returns 2. A one-line usage goes right under
 * the message; a usage of several lines is set off from it by a blank line.
 */
export function usageError(usage: string, message?: string): number {
  const text = asBlock(usage);
  const gap = text.trimEnd().includes('\n') ? '\n' : '';
  process.stderr.write(message === undefined ? text : `${message}\n${gap}${text}`);
  return 2;
}

const calendarDay = z.iso.date();

/**
 * A --date option: absent, or a real calendar day written ГГГГ-ММ-ДД (2025-02-30 is refused). False after a
 * Russian message on stderr; the command then exits 2.
 */
export function dateOptionOk(value: string | undefined): boolean {
  if (value === undefined || calendarDay.safeParse(value).success) return true;
  process.stderr.write(`Дата должна быть в виде ГГГГ-ММ-ДД, получено «${value}».\n`);
  return false;
}

/** parseArgs's English message, said in Russian; the option or argument is quoted in it. */
export function inRussian(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const quoted = /'([^' ]+)/.exec(message)?.[1] ?? '';
  switch ((err as { code?: string }).code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Неизвестный параметр «${quoted}».`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(message)
        ? `Для параметра «${quoted}» не указано значение.`
        : `Параметр «${quoted}» пишется без значения.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Лишний аргумент «${quoted}».`;
    default:
      return message;
  }
}

function asBlock(usage: string): string {
  return usage.endsWith('\n') ? usage : `${usage}\n`;
}
