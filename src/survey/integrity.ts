// Integrity signals raised when a response arrives. They are heuristics: a flagged response is not
// rejected, it waits in quarantine for a council member. Windows live in process memory (lost on
// restart, per instance) because they only need to catch bursts of minutes, and a database lookup per
// submission would double the cost of the hot path. The per-organisation network share is kept in the
// database (survey_network_tallies) instead, because it spans the whole campaign.

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

class SlidingCounter {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly windowMs: number) {}
  /** Records a hit and returns how many hits the key has inside the window, this one included. */
  hit(key: string, now: number): number {
    const from = now - this.windowMs;
    let list = this.hits.get(key);
    if (!list) this.hits.set(key, (list = []));
    while (list.length > 0 && list[0]! < from) list.shift();
    list.push(now);
    if (this.hits.size > 50_000) this.sweep(from);
    return list.length;
  }
  private sweep(from: number) {
    for (const [k, list] of this.hits) if (list.length === 0 || list[list.length - 1]! < from) this.hits.delete(k);
  }
}

export class IntegrityMonitor {
  private readonly bursts: SlidingCounter;
  private readonly patterns: SlidingCounter;
  constructor(readonly thresholds: IntegrityThresholds = defaultThresholds) {
    this.bursts = new SlidingCounter(thresholds.burstWindowMs);
    this.patterns = new SlidingCounter(thresholds.patternWindowMs);
  }

  /** Flags for one online submission (offline modes are keyed in by staff and are not screened). */
  check(f: SubmissionFacts, now = Date.now()): string[] {
    const t = this.thresholds;
    const flags: string[] = [];
    const answered = f.answers.filter((a) => a !== null);
    if (f.elapsedMs === null) flags.push('no-timing');
    else if (f.elapsedMs < t.tooFastMs) flags.push('too-fast');
    else if (f.elapsedMs < t.fastAllYesMs && answered.length >= t.fastAllYesMinAnswers && answered.every((a) => a === 1)) {
      flags.push('fast-all-yes');
    }
    if (f.networkHash && this.bursts.hit(`${f.scope}|${f.networkHash}`, now) > t.burstLimit) flags.push('burst');
    const pattern = f.answers.map((a) => (a === null ? '-' : a)).join('');
    if (answered.length > 0 && this.patterns.hit(`${f.scope}|${f.networkHash ?? ''}|${pattern}`, now) > t.patternLimit) flags.push('pattern');
    return flags;
  }
}
