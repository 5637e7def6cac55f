import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/env.server';

describe('configuration from the environment', () => {
  it('applies defaults and generates a session secret kept in DATA_DIR', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'noko-cfg-'));
    const first = loadConfig({ DATA_DIR: dir });
    expect(first.port).toBe(3000);
    expect(first.databaseUrl).toBeUndefined();
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dir, 'session-secret'), 'utf8').trim()).toBe(first.sessionSecret);
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe(first.sessionSecret);
  });

  it('rejects invalid values with a Russian message naming the variable', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'noko-cfg-'));
    expect(() => loadConfig({ DATA_DIR: dir, PORT: 'восемь' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dir, DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATA_DIR: dir, SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/);
  });

  it("reads the site auditor's extra root certificates and refuses a file that is not PEM", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'noko-cfg-'));
    const pem = path.join(dir, 'root.pem');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(loadConfig({ DATA_DIR: dir, SITE_AUDIT_CA_FILE: pem }).siteAuditExtraCa).toEqual([
      readFileSync(pem, 'utf8'),
    ]);
    writeFileSync(pem, 'not a certificate');
    expect(() => loadConfig({ DATA_DIR: dir, SITE_AUDIT_CA_FILE: pem })).toThrow(/SITE_AUDIT_CA_FILE/);
    expect(() => loadConfig({ DATA_DIR: dir, SITE_AUDIT_CA_FILE: path.join(dir, 'missing.pem') })).toThrow(
      /не удалось прочитать/,
    );
  });

  it('keeps superseded job files 7 days by default; JOB_FILES_RETENTION_DAYS changes it, nonsense is refused', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'noko-cfg-'));
    expect(loadConfig({ DATA_DIR: dir }).jobFilesRetentionDays).toBe(7);
    expect(loadConfig({ DATA_DIR: dir, JOB_FILES_RETENTION_DAYS: '0' }).jobFilesRetentionDays).toBe(0);
    expect(loadConfig({ DATA_DIR: dir, JOB_FILES_RETENTION_DAYS: '30' }).jobFilesRetentionDays).toBe(30);
    expect(() => loadConfig({ DATA_DIR: dir, JOB_FILES_RETENTION_DAYS: 'неделя' })).toThrow(/JOB_FILES_RETENTION_DAYS/);
    expect(() => loadConfig({ DATA_DIR: dir, JOB_FILES_RETENTION_DAYS: '-1' })).toThrow(/JOB_FILES_RETENTION_DAYS/);
  });

  it('prefers an explicit SESSION_SECRET', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'noko-cfg-'));
    const secret = 'x'.repeat(40);
    expect(loadConfig({ DATA_DIR: dir, SESSION_SECRET: secret }).sessionSecret).toBe(secret);
  });
});
