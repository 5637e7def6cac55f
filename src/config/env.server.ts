import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseAllowedRanges } from '../site-audit/address-guard.server';

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL должен начинаться с postgres:// или postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET должен быть не короче 32 символов').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z.url().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL должен начинаться с smtp:// или smtps://')
    .optional(),
  SMTP_FROM: z.string().min(3).optional(),
  SITE_AUDIT_CA_FILE: z.string().min(1).optional(),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  SITE_AUDIT_ALLOW_NETWORKS: z.string().optional(),
  TRUST_PROXY: z.string().optional(),
  TRUST_PROXY_HEADER: z
    .enum(['x-forwarded-for', 'forwarded'], 'TRUST_PROXY_HEADER: x-forwarded-for или forwarded')
    .default('x-forwarded-for'),
  SURVEY_KEY_DIR: z.string().min(1).optional(),
  JOB_FILES_RETENTION_DAYS: z.coerce
    .number('JOB_FILES_RETENTION_DAYS: целое число дней')
    .int('JOB_FILES_RETENTION_DAYS: целое число дней')
    .min(0, 'JOB_FILES_RETENTION_DAYS: от 0 до 3650 дней')
    .max(3650, 'JOB_FILES_RETENTION_DAYS: от 0 до 3650 дней')
    .default(7),
});

export type Config = {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  sessionSecret: string;
  logLevel: string;
  publicUrl: string | undefined;
  /** Outgoing mail for invitation and reset links; without it the links are shown on screen once. */
  smtpUrl?: string | undefined;
  smtpFrom?: string | undefined;
  /** Extra root certificates (PEM) the site auditor trusts besides the system ones, e.g. Russian Trusted Root CA. */
  siteAuditExtraCa?: string[];
  /** HTTP worker processes (node:cluster); more than 1 only with DATABASE_URL. */
  webConcurrency?: number;
  /** Internal ranges the server-side site auditor may reach anyway (intranet installations); empty by default. */
  siteAuditAllowNetworks?: string[];
  /** Which hops may tell the client's address (X-Forwarded-For / Forwarded); null: only the socket counts. */
  trustProxy?: TrustProxySetting | null;
  /** Which header the trusted proxy writes: X-Forwarded-For (nginx's default) or RFC 7239 Forwarded. */
  trustProxyHeader?: 'x-forwarded-for' | 'forwarded';
  /** Where the survey's per-campaign network keys live (outside the database); default DATA_DIR/survey-keys. */
  surveyKeyDir?: string;
  /** Days a job's file stays after a newer job of the same request finished on other data (decision 0067). */
  jobFilesRetentionDays?: number;
};

/** TRUST_PROXY: a hop count (`1`: one proxy in front) or the proxies' addresses and ranges. */
export type TrustProxySetting = { hops: number } | { ranges: string[] };

export class ConfigError extends Error {}

/**
 * Reads and validates the environment. SESSION_SECRET, when absent, is generated once and kept in
 * DATA_DIR so that sessions survive restarts without the operator having to invent a secret.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Ошибка в настройках окружения:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.WEB_CONCURRENCY > 1 && !e.DATABASE_URL) {
    throw new ConfigError(
      'WEB_CONCURRENCY больше 1 возможен только с DATABASE_URL (PostgreSQL): встроенная база работает в одном процессе.',
    );
  }
  const dataDir = path.resolve(e.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  let siteAuditExtraCa: string[] = [];
  if (e.SITE_AUDIT_CA_FILE) {
    try {
      siteAuditExtraCa = [readFileSync(e.SITE_AUDIT_CA_FILE, 'utf8')];
    } catch {
      throw new ConfigError(
        `Ошибка в настройках окружения:\n  SITE_AUDIT_CA_FILE: не удалось прочитать файл «${e.SITE_AUDIT_CA_FILE}»`,
      );
    }
    if (!siteAuditExtraCa[0]!.includes('-----BEGIN CERTIFICATE-----')) {
      throw new ConfigError(
        `Ошибка в настройках окружения:\n  SITE_AUDIT_CA_FILE: в файле «${e.SITE_AUDIT_CA_FILE}» нет сертификата в формате PEM`,
      );
    }
  }
  const siteAuditAllowNetworks = splitList(e.SITE_AUDIT_ALLOW_NETWORKS);
  try {
    parseAllowedRanges(siteAuditAllowNetworks);
  } catch (err) {
    throw new ConfigError(`Ошибка в настройках окружения:\n  SITE_AUDIT_ALLOW_NETWORKS: ${(err as Error).message}`);
  }
  let trustProxy: TrustProxySetting | null = null;
  try {
    trustProxy = parseTrustProxy(e.TRUST_PROXY);
  } catch (err) {
    throw new ConfigError(`Ошибка в настройках окружения:\n  TRUST_PROXY: ${(err as Error).message}`);
  }
  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    sessionSecret: e.SESSION_SECRET ?? persistedSecret(dataDir),
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    siteAuditExtraCa,
    webConcurrency: e.WEB_CONCURRENCY,
    siteAuditAllowNetworks,
    trustProxy,
    trustProxyHeader: e.TRUST_PROXY_HEADER,
    surveyKeyDir: path.resolve(e.SURVEY_KEY_DIR ?? path.join(dataDir, 'survey-keys')),
    jobFilesRetentionDays: e.JOB_FILES_RETENTION_DAYS,
  };
}

function splitList(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}

/** `1`, `2`: that many proxies in front; `127.0.0.1, 10.0.0.0/8`: the proxies' addresses; empty: none. */
export function parseTrustProxy(value: string | undefined): TrustProxySetting | null {
  const v = (value ?? '').trim();
  if (!v || v === 'false' || v === '0') return null;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 10) throw new Error('число прокси-серверов — от 0 до 10');
    return { hops };
  }
  const ranges = splitList(v);
  parseAllowedRanges(ranges);
  return { ranges };
}

function persistedSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) {
    const value = readFileSync(file, 'utf8').trim();
    if (value.length >= 32) return value;
  }
  const value = randomBytes(32).toString('base64url');
  writeFileSync(file, value + '\n', { mode: 0o600 });
  return value;
}
