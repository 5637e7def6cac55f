import type { Tx } from '../../../src/db/index.server';
import type { MeetingFull } from '../../../src/council/meetings.server';

/** Annexes of a protocol: the results table and the proposals of every campaign its items decided on. */
export async function protocolAnnexes(
  _db: Tx,
  full: MeetingFull,
  forPublic: boolean,
): Promise<{ title: string; href?: string }[]> {
  const out: { title: string; href?: string }[] = [];
  for (const i of full.items) {
    if (!i.campaignId) continue;
    if (i.kind === 'results') {
      out.push({
        title: 'Результаты независимой оценки качества условий (таблица)',
        href: forPublic ? `/rezultaty/${i.campaignId}` : `/results/${i.campaignId}`,
      });
      out.push({
        title: 'Предложения об улучшении деятельности организаций',
        href: forPublic
          ? `/sovet/${full.council.id}#proposals-${i.campaignId}`
          : `/council/${full.council.id}/campaigns/${i.campaignId}#proposals`,
      });
    }
  }
  return out;
}
