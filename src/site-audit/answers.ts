import type { ParsedPage } from './page.server';
import { emailsIn, phonesIn } from './quality';
import type { DistanceChannel, ProposedAnswers, SectionReport } from './types';

const CHANNEL_TITLES: Record<DistanceChannel['channel'], string> = {
  telephone: 'телефон',
  email: 'электронная почта',
  'electronic-service': 'электронная форма обращения',
  faq: 'раздел «Часто задаваемые вопросы»',
  opinion: 'анкета для оценки качества условий (или ссылка на неё)',
};

const APPEAL_TEXT =
  /(обращени|обратная\s+связь|задать\s+вопрос|интернет-приёмная|интернет-приемная|электронная\s+приёмная|электронная\s+приемная|написать\s+(нам|директору))/i;
const FAQ_TEXT = /(часто\s+задаваемые|вопрос[\s-]+ответ|\bfaq\b|вопросы\s+и\s+ответы)/i;
const OPINION_TEXT = /(анкет|опрос|оцените\s+качество|независимая\s+оценка|оценка\s+качества\s+условий)/i;
const OPINION_HOSTS = /(^|\.)bus\.gov\.ru(\/|$)|forms\.yandex|docs\.google\.com\/forms/i;

/**
 * Proposals for the expert, never final answers: 1.1 counts items whose information we saw; 1.2 counts
 * channels we saw, while the methodology counts channels that also work — the expert tests them.
 */
export function proposeAnswers(sections: readonly SectionReport[], pages: readonly ParsedPage[]): ProposedAnswers {
  let present = 0;
  let norm = 0;
  for (const s of sections) {
    for (const i of s.items) {
      if (!i.required) continue;
      norm++;
      if (i.information === 'present') present++;
    }
  }
  const channels = detectChannels(pages);
  const detected = channels.filter((c) => c.detected).length;
  return {
    indicator11Site: { present, norm, points: norm > 0 ? round2((100 * present) / norm) : 0 },
    indicator12: { channels, detected, points: Math.min(100, 30 * detected) },
    note: 'предложение для эксперта: наличие сведений и каналов связи определено автоматически, работу каналов проверяет эксперт',
  };
}

function detectChannels(pages: readonly ParsedPage[]): DistanceChannel[] {
  const make = (
    channel: DistanceChannel['channel'],
    hit: { evidence: string; url: string } | null,
  ): DistanceChannel => ({
    channel,
    title: CHANNEL_TITLES[channel],
    detected: hit !== null,
    evidence: hit?.evidence ?? null,
    url: hit?.url ?? null,
  });
  const firstLink = (test: (href: string, text: string) => boolean) => {
    for (const p of pages) {
      const l = p.links.find((x) => test(x.href, x.text));
      if (l) return { evidence: `<a href="${l.href}">${l.text.slice(0, 80)}</a>`, url: p.url };
    }
    return null;
  };
  const inText = (find: (text: string) => string | undefined) => {
    for (const p of pages) {
      const v = find(p.text);
      if (v) return { evidence: v, url: p.url };
    }
    return null;
  };
  const phone =
    firstLink((href) => href.startsWith('tel:')) ??
    inText((t) =>
      /(тел\.|телефон)/.test(t)
        ? phonesIn(t.slice(t.search(/тел\.|телефон/), t.search(/тел\.|телефон/) + 80))[0]
        : undefined,
    );
  const email = firstLink((href) => href.startsWith('mailto:')) ?? inText((t) => emailsIn(t)[0]);
  const formWithText = (() => {
    for (const p of pages) {
      const f = p.forms.find((x) => x.hasTextarea);
      if (f) return { evidence: `<form action="${f.action}"> с полем для текста`, url: p.url };
    }
    return null;
  })();
  const appeal = formWithText ?? firstLink((_h, text) => APPEAL_TEXT.test(text));
  const faq = firstLink((_h, text) => FAQ_TEXT.test(text));
  const opinion = firstLink(
    (href, text) => OPINION_TEXT.test(text) || OPINION_HOSTS.test(safeHost(href) + safePath(href)),
  );
  return [
    make('telephone', phone),
    make('email', email),
    make('electronic-service', appeal),
    make('faq', faq),
    make('opinion', opinion),
  ];
}

function safeHost(href: string): string {
  try {
    return new URL(href).hostname;
  } catch {
    return '';
  }
}

function safePath(href: string): string {
  try {
    return new URL(href).pathname;
  } catch {
    return '';
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
