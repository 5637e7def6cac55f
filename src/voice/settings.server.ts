// A territory's voice settings (created with defaults on first use) and the public codes of its
// organisations. The hot path resolves a code through a short-lived in-process cache, as /q does.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit, type Actor } from '../db/audit.server';
import type { Db, Tx } from '../db/index.server';
import { organisations, territories } from '../db/schema/registry';
import { voiceLinks, voiceSettings, voiceModerators, type VoiceModerator } from '../db/schema/voice';
import { newLinkCode, newSecret } from '../survey/codes.server';

export type VoiceSettings = typeof voiceSettings.$inferSelect;

export async function ensureSettings(db: Db | Tx, territoryId: string): Promise<VoiceSettings> {
  await db.insert(voiceSettings).values({ territoryId, secret: newSecret() }).onConflictDoNothing();
  const [row] = await db.select().from(voiceSettings).where(eq(voiceSettings.territoryId, territoryId));
  return row!;
}

export const settingsInput = z.object({
  moderator: z.enum(voiceModerators, { message: 'Выберите, кто модерирует отзывы.' }),
  appealsUrl: z
    .string()
    .trim()
    .max(500, 'Адрес не длиннее 500 знаков.')
    .refine(
      (v) => v === '' || /^https?:\/\/[^\s<>"]+$/.test(v),
      'Адрес канала обращений должен начинаться с https:// или http://.',
    ),
  replyDays: z.coerce
    .number({ message: 'Срок ответа — целое число дней.' })
    .int('Срок ответа — целое число дней.')
    .min(1, 'Срок ответа — от 1 до 60 дней.')
    .max(60, 'Срок ответа — от 1 до 60 дней.'),
  minSample: z.coerce
    .number({ message: 'Минимум ответов — целое число.' })
    .int('Минимум ответов — целое число.')
    .min(5, 'Минимум ответов — от 5 до 1000.')
    .max(1000, 'Минимум ответов — от 5 до 1000.'),
  questionnaireOpen: z.boolean(),
  reviewsOpen: z.boolean(),
});
export type SettingsInput = z.infer<typeof settingsInput>;

export async function updateSettings(
  db: Db,
  territoryId: string,
  input: SettingsInput,
  actor: Actor,
): Promise<VoiceSettings> {
  return db.transaction(async (tx) => {
    const before = await ensureSettings(tx, territoryId);
    const [after] = await tx
      .update(voiceSettings)
      .set({ ...input, appealsUrl: input.appealsUrl || null, updatedAt: new Date() })
      .where(eq(voiceSettings.territoryId, territoryId))
      .returning();
    const pick = (s: VoiceSettings) => ({
      moderator: s.moderator,
      appealsUrl: s.appealsUrl,
      replyDays: s.replyDays,
      minSample: s.minSample,
      questionnaireOpen: s.questionnaireOpen,
      reviewsOpen: s.reviewsOpen,
    });
    await recordAudit(tx, {
      actor,
      action: 'voice.settings',
      entity: 'voice_settings',
      entityId: territoryId,
      before: pick(before),
      after: pick(after!),
      territoryId,
    });
    forgetVoiceLinks();
    return after!;
  });
}

/** Creates the missing codes for every active organisation of a territory; returns code by organisation. */
export async function ensureVoiceLinks(db: Db, territoryId: string): Promise<Map<string, string>> {
  await ensureSettings(db, territoryId);
  const rows = await db
    .select({ organisationId: organisations.id, code: voiceLinks.code })
    .from(organisations)
    .leftJoin(voiceLinks, eq(voiceLinks.organisationId, organisations.id))
    .where(and(eq(organisations.territoryId, territoryId), eq(organisations.status, 'active')));
  const out = new Map<string, string>();
  for (const r of rows) {
    if (r.code) {
      out.set(r.organisationId, r.code);
      continue;
    }
    for (let attempt = 0; ; attempt++) {
      const [ins] = await db
        .insert(voiceLinks)
        .values({ code: newLinkCode(), territoryId, organisationId: r.organisationId })
        .onConflictDoNothing()
        .returning({ code: voiceLinks.code });
      if (ins) {
        out.set(r.organisationId, ins.code);
        break;
      }
      const [existing] = await db
        .select({ code: voiceLinks.code })
        .from(voiceLinks)
        .where(eq(voiceLinks.organisationId, r.organisationId));
      if (existing) {
        out.set(r.organisationId, existing.code);
        break;
      }
      if (attempt > 5) throw new Error('не удалось подобрать уникальный код');
    }
  }
  return out;
}

export async function voiceCodeOf(db: Db, organisationId: string): Promise<string | null> {
  const [org] = await db
    .select({ territoryId: organisations.territoryId })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  if (!org) return null;
  return (await ensureVoiceLinks(db, org.territoryId)).get(organisationId) ?? null;
}

/** Everything the public forms need about one code. */
export type VoiceLink = {
  code: string;
  territoryId: string;
  territoryName: string;
  organisationId: string;
  organisationName: string;
  organisationShortName: string;
  streamId: string;
  secret: string;
  methodologyId: string;
  questionnaireOpen: boolean;
  reviewsOpen: boolean;
  moderator: VoiceModerator;
  appealsUrl: string | null;
  replyDays: number;
  minSample: number;
};

const selectLink = (db: Db) =>
  db
    .select({
      code: voiceLinks.code,
      territoryId: voiceLinks.territoryId,
      territoryName: territories.name,
      organisationId: voiceLinks.organisationId,
      organisationName: organisations.fullName,
      organisationShortName: organisations.shortName,
      streamId: voiceSettings.streamId,
      secret: voiceSettings.secret,
      methodologyId: voiceSettings.methodologyId,
      questionnaireOpen: voiceSettings.questionnaireOpen,
      reviewsOpen: voiceSettings.reviewsOpen,
      moderator: voiceSettings.moderator,
      appealsUrl: voiceSettings.appealsUrl,
      replyDays: voiceSettings.replyDays,
      minSample: voiceSettings.minSample,
    })
    .from(voiceLinks)
    .innerJoin(voiceSettings, eq(voiceSettings.territoryId, voiceLinks.territoryId))
    .innerJoin(organisations, eq(organisations.id, voiceLinks.organisationId))
    .innerJoin(territories, eq(territories.id, voiceLinks.territoryId));

const LINK_TTL_MS = 5_000;
const cache = new Map<object, Map<string, { at: number; link: VoiceLink | null }>>();

export async function resolveVoiceLink(db: Db, code: string, now = Date.now()): Promise<VoiceLink | null> {
  if (!/^[a-z2-9]{6,12}$/.test(code)) return null;
  let c = cache.get(db);
  if (!c) cache.set(db, (c = new Map()));
  const hit = c.get(code);
  if (hit && now - hit.at < LINK_TTL_MS) return hit.link;
  const [row] = await selectLink(db).where(eq(voiceLinks.code, code));
  if (c.size > 10_000) c.clear();
  c.set(code, { at: now, link: row ?? null });
  return row ?? null;
}

export async function voiceLinkOfOrganisation(db: Db, organisationId: string): Promise<VoiceLink | null> {
  const code = await voiceCodeOf(db, organisationId);
  return code ? resolveVoiceLink(db, code, 0) : null;
}

export async function voiceLinksOfTerritory(db: Db, territoryId: string): Promise<VoiceLink[]> {
  await ensureVoiceLinks(db, territoryId);
  return selectLink(db).where(eq(voiceLinks.territoryId, territoryId)).orderBy(organisations.shortName);
}

export function forgetVoiceLinks(): void {
  cache.clear();
}

/** Territories that have organisations, for the public territory chooser. */
export async function territoriesWithOrganisations(db: Db): Promise<{ id: string; name: string }[]> {
  return db
    .selectDistinct({ id: territories.id, name: territories.name })
    .from(territories)
    .innerJoin(organisations, eq(organisations.territoryId, territories.id))
    .where(sql`${organisations.status} = 'active'`)
    .orderBy(territories.name);
}
