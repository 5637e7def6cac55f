// The key of the survey's network hashes, one per campaign, kept OUTSIDE the database (decision 0018).
// The hashes (survey_responses.network_hash, survey_network_tallies) sit in the database; with the key
// next to them a copy of the database reverses every IPv4 network in hours (2^32 guesses). Here the key
// is a file in SURVEY_KEY_DIR (default DATA_DIR/survey-keys, mode 0600), created when the campaign's
// first online response arrives, left out of `noko backup` unless asked, and destroyed once the campaign
// stops collecting: the stored hashes then cannot be reversed by anyone, including us.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/index.server';
import { campaigns } from '../db/schema/registry';

const FILE = /^([0-9a-f-]{36})\.key$/;
/** How long an instance trusts its cached copy before looking at the file again (another instance may have destroyed it). */
const RECHECK_MS = 60_000;

export class SurveyKeyStore {
  private readonly cache = new Map<string, { key: string; checkedAt: number }>();

  constructor(readonly dir: string) {}

  private file(campaignId: string): string {
    if (!/^[0-9a-f-]{36}$/i.test(campaignId)) throw new Error(`not a campaign id: ${campaignId}`);
    return path.join(this.dir, `${campaignId.toLowerCase()}.key`);
  }

  /** The campaign's key, created on first use. Several instances sharing the folder agree on one file. */
  key(campaignId: string, now = Date.now()): string {
    const cached = this.cache.get(campaignId);
    if (cached && now - cached.checkedAt < RECHECK_MS) return cached.key;
    const file = this.file(campaignId);
    let key: string | null = null;
    try {
      key = readFileSync(file, 'utf8').trim() || null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (!key) {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      try {
        writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another instance won the race
      }
      key = readFileSync(file, 'utf8').trim();
    }
    this.cache.set(campaignId, { key, checkedAt: now });
    return key;
  }

  has(campaignId: string): boolean {
    try {
      return statSync(this.file(campaignId)).isFile();
    } catch {
      return false;
    }
  }

  /** Destroys the key for good (overwritten, then removed). */
  destroy(campaignId: string): void {
    const file = this.file(campaignId);
    try {
      writeFileSync(file, randomBytes(48).toString('base64url') + '\n');
    } catch {
      // absent: nothing to overwrite
    }
    rmSync(file, { force: true });
    this.cache.delete(campaignId);
  }

  campaignIds(): string[] {
    try {
      return readdirSync(this.dir).flatMap((name) => FILE.exec(name)?.[1] ?? []);
    } catch {
      return [];
    }
  }
}

/**
 * Destroys the keys of campaigns that no longer collect responses (or no longer exist). Runs at start and
 * every few minutes in the server; safe to run on several instances at once.
 */
export async function sweepSurveyKeys(db: Db, store: SurveyKeyStore): Promise<string[]> {
  const ids = store.campaignIds();
  if (ids.length === 0) return [];
  const stillOpen = new Set(
    (await db.select({ id: campaigns.id, status: campaigns.status }).from(campaigns).where(inArray(campaigns.id, ids)))
      .filter((c) => c.status === 'collecting')
      .map((c) => c.id),
  );
  const destroyed = ids.filter((id) => !stillOpen.has(id));
  for (const id of destroyed) store.destroy(id);
  return destroyed;
}
