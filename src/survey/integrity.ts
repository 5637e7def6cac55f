// Integrity signals raised when a response arrives. They are heuristics: a flagged response is not
// rejected, it waits in quarantine for a council member. The burst and pattern windows are counted by a
// WindowCounter: in the server that is the database (src/security/shared-limits.server.ts), so several
// instances see one window (issue 10); tests and tools use the in-memory one. The per-organisation
// network share is kept in the database (survey_network_tallies), because it spans the whole campaign.
//
// Reusable: any public form that needs the same screening (a permanent questionnaire, reviews) builds an
// IntegrityMonitor with its own thresholds and a `scope` of its own.
import { MemoryWindowCounter, type WindowCounter } from '../security/shared-limits.server';

export type IntegrityThresholds = {
  /** More than `burstLimit` responses for one organisation from one network within `burstWindowMs`. */
  burstWindowMs: number;
  burstLimit: number;
  /**
   * The same full answer pattern more than `patternLimit` times for one organisation from one network within
   * the window (across networks identical patterns are normal: most parents answer "yes" throughout).
   */
  patternWindowMs: number;
  patternLimit: number;
  /** All answers "yes" (at least `fastAllYesMinAnswers` of them) submitted sooner than this after the page was shown. */
  fastAllYesMs: number;
  fastAllYesMinAnswers: number;
  /** Any form submitted sooner than this: nobody reads 14 questions that fast. */
  tooFastMs: number;
  /** Organisation signal: one network supplies more than this share of at least `networkShareMinResponses`. */
  networkShare: number;
  networkShareMinResponses: number;
};

export const defaultThresholds: IntegrityThresholds = {
  burstWindowMs: 10 * 60_000,
  burstLimit: 15,
  patternWindowMs: 10 * 60_000,
  patternLimit: 8,
  fastAllYesMs: 25_000,
  fastAllYesMinAnswers: 10,
  tooFastMs: 5_000,
  networkShare: 0.3,
  networkShareMinResponses: 20,
};

export const flagLabels: Record<string, string> = {
  'no-timing': 'нет отметки времени показа формы (форма отправлена не со страницы анкеты)',
  'too-fast': 'анкета заполнена слишком быстро',
  'fast-all-yes': 'все ответы «да» и заполнено неправдоподобно быстро',
  burst: 'всплеск ответов из одной сети',
  pattern: 'много одинаковых анкет подряд из одной сети',
};

export type SubmissionFacts = {
  /** Campaign × organisation key. */
  scope: string;
  networkHash: string | null;
  answers: readonly (0 | 1 | null)[];
  /** Milliseconds between rendering the form and submitting it; null when the signed time is missing. */
  elapsedMs: number | null;
};

export class IntegrityMonitor {
  constructor(
    readonly thresholds: IntegrityThresholds = defaultThresholds,
    private readonly windows: WindowCounter = new MemoryWindowCounter(),
  ) {}

  /** Flags for one online submission (offline modes are keyed in by staff and are not screened). */
  async check(f: SubmissionFacts, now = Date.now()): Promise<string[]> {
    const t = this.thresholds;
    const flags: string[] = [];
    const answered = f.answers.filter((a) => a !== null);
    if (f.elapsedMs === null) flags.push('no-timing');
    else if (f.elapsedMs < t.tooFastMs) flags.push('too-fast');
    else if (
      f.elapsedMs < t.fastAllYesMs &&
      answered.length >= t.fastAllYesMinAnswers &&
      answered.every((a) => a === 1)
    ) {
      flags.push('fast-all-yes');
    }
    if (
      f.networkHash &&
      (await this.windows.hit(`survey-burst|${f.scope}|${f.networkHash}`, t.burstWindowMs, now)).sliding > t.burstLimit
    )
      flags.push('burst');
    const pattern = f.answers.map((a) => (a === null ? '-' : a)).join('');
    if (
      answered.length > 0 &&
      (await this.windows.hit(`survey-pattern|${f.scope}|${f.networkHash ?? ''}|${pattern}`, t.patternWindowMs, now))
        .sliding > t.patternLimit
    ) {
      flags.push('pattern');
    }
    return flags;
  }
}
