// Proposals for improvement drafted mechanically from a locked result version, the way operators draft
// them (after-results.md): every missing checklist or site item becomes «Разместить / Обеспечить /
// Оборудовать …», every survey criterion below the threshold brings a standard text. Pure: the snapshot
// in, rows out; the secretary edits them afterwards.
import type { ProposalAddressee } from './enums';
import { requireMethodology } from '../methodology/registry';
import { checklistItems, itemStates, type Snapshot, type SnapshotOrganisation } from '../results/snapshot';

export type DraftProposal = {
  organisationId: string | null;
  addressee: ProposalAddressee;
  criterion: string;
  indicator: string | null;
  sourceItem: string | null;
  text: string;
  needsFunding: boolean;
};

type Wording = { text: string; money: boolean; addressee?: ProposalAddressee };

/** Operators' wording for the items whose generic form reads badly or that need money or the founder. */
const wordings: Record<string, Wording> = {
  '2.1:rest-zone': { text: 'Оборудовать зону отдыха (ожидания) мебелью', money: true },
  '2.1:navigation': {
    text: 'Обеспечить понятную навигацию внутри здания (указатели, таблички, схема помещений)',
    money: true,
  },
  '2.1:water': { text: 'Обеспечить доступность питьевой воды (установить кулер или питьевой фонтанчик)', money: true },
  '2.1:sanitary-rooms': { text: 'Обеспечить наличие и доступность санитарно-гигиенических помещений', money: true },
  '2.1:sanitary-state': { text: 'Обеспечить надлежащее санитарное состояние помещений', money: false },
  '3.1:ramps': {
    text: 'Оборудовать входные группы пандусами или подъёмными платформами',
    money: true,
    addressee: 'founder',
  },
  '3.1:parking': {
    text: 'Оборудовать выделенную стоянку для автотранспорта инвалидов (при необходимости — совместно с администрацией муниципалитета)',
    money: true,
    addressee: 'founder',
  },
  '3.1:lifts-rails-doors': {
    text: 'Оборудовать помещения адаптированными лифтами, поручнями, расширенными дверными проёмами',
    money: true,
    addressee: 'founder',
  },
  '3.1:wheelchairs': { text: 'Приобрести сменное кресло-коляску', money: true },
  '3.1:sanitary': {
    text: 'Оборудовать специальное санитарно-гигиеническое помещение для инвалидов',
    money: true,
    addressee: 'founder',
  },
  '3.2:sound-visual': {
    text: 'Обеспечить дублирование звуковой и зрительной информации (бегущая строка, звуковые информаторы)',
    money: true,
  },
  '3.2:braille': {
    text: 'Обеспечить дублирование надписей и знаков шрифтом Брайля, разместить тактильную мнемосхему',
    money: true,
  },
  '3.2:sign-interpreter': {
    text: 'Обеспечить предоставление услуг сурдопереводчика (тифлосурдопереводчика), например по соглашению с региональным отделением Всероссийского общества глухих',
    money: false,
  },
  '3.2:low-vision-site': { text: 'Обеспечить работу версии официального сайта для инвалидов по зрению', money: false },
  '3.2:trained-staff': {
    text: 'Провести инструктирование сотрудников по сопровождению инвалидов и оказанию им помощи (с записью в журнале)',
    money: false,
  },
  '3.2:remote-home': { text: 'Обеспечить возможность обучения в дистанционном режиме или на дому', money: false },
};

/** Standard texts for a survey criterion below the threshold. */
export const surveyTexts: Record<string, string> = {
  K1: 'Проверить полноту и актуальность информации на стендах и официальном сайте, назначить ответственного за её обновление; разместить ссылку на анкету',
  K2: 'Проанализировать причины неудовлетворённости получателей услуг комфортностью условий и принять меры по их устранению',
  K3: 'Провести обучение (инструктирование) сотрудников по сопровождению инвалидов и оказанию им помощи',
  K4: 'Провести семинар по этике и культуре общения; утвердить стандарт ответа на телефонные звонки и обращения по электронной почте (не более трёх рабочих дней)',
  K5: 'Провести внутренний анализ причин неудовлетворённости условиями оказания услуг; провести информационную кампанию для получателей услуг',
};

function genericText(key: string, label: string): Wording {
  const l = label.charAt(0).toLowerCase() + label.slice(1);
  if (key === '1.1-stand') return { text: `Разместить на информационном стенде: ${l}`, money: false };
  if (key === '1.1-site') return { text: `Разместить на официальном сайте: ${l}`, money: false };
  if (key === '1.2') return { text: `Обеспечить на официальном сайте: ${l}`, money: false };
  if (key === '3.1') return { text: `Оборудовать: ${l}`, money: true };
  return { text: `Обеспечить: ${l}`, money: key === '2.1' };
}

/** Indicator and criterion behind each checklist key, read from the snapshot's own criteria. */
function checklistOwners(s: Snapshot): Map<string, { criterion: string; indicator: string }> {
  const out = new Map<string, { criterion: string; indicator: string }>();
  for (const c of s.criteria) {
    for (const ind of c.indicators) {
      if (!ind.checklist) continue;
      const keys = ind.checklist === '1.1' ? ['1.1-stand', '1.1-site'] : [ind.checklist];
      for (const k of keys) out.set(k, { criterion: c.id, indicator: ind.id });
    }
  }
  return out;
}

export function draftForOrganisation(s: Snapshot, org: SnapshotOrganisation, threshold: number): DraftProposal[] {
  const m = requireMethodology(s.methodology.id);
  const owners = checklistOwners(s);
  const out: DraftProposal[] = [];
  for (const [key, owner] of owners) {
    const { yes, na } = itemStates(s, org, key);
    for (const item of checklistItems(m, org.type, key)) {
      if (yes.has(item.id) || na.has(item.id)) continue;
      const w = wordings[`${key}:${item.id}`] ?? genericText(key, item.label);
      out.push({
        organisationId: org.id,
        addressee: w.addressee ?? 'organisation',
        criterion: owner.criterion,
        indicator: owner.indicator,
        sourceItem: `${key}:${item.id}`,
        text: w.text,
        needsFunding: w.money,
      });
    }
  }
  for (const c of s.criteria) {
    const low = c.indicators
      .filter((i) => i.survey)
      .filter((i) => {
        const v = org.indicators[i.id]?.value;
        return v !== null && v !== undefined && v < threshold;
      });
    if (low.length === 0) continue;
    out.push({
      organisationId: org.id,
      addressee: 'organisation',
      criterion: c.id,
      indicator: low.map((i) => i.id).join(', '),
      sourceItem: `survey:${c.id}`,
      text: surveyTexts[c.id] ?? `Проанализировать причины низкой оценки по критерию «${c.shortTitle}» и принять меры`,
      needsFunding: false,
    });
  }
  return out;
}

/**
 * Drafts for every organisation of the version, plus the founder's proposals for all of them when any
 * organisation needs money for accessibility.
 */
export function draftProposals(s: Snapshot, threshold = 90): DraftProposal[] {
  const out = s.organisations.flatMap((o) => draftForOrganisation(s, o, threshold));
  if (out.some((p) => p.criterion === 'K3' && p.needsFunding)) {
    out.push({
      organisationId: null,
      addressee: 'founder',
      criterion: 'K3',
      indicator: '3.1',
      sourceItem: null,
      text: 'Предусмотреть финансирование мероприятий по обеспечению доступности организаций для инвалидов',
      needsFunding: true,
    });
  }
  out.push({
    organisationId: null,
    addressee: 'founder',
    criterion: 'K5',
    indicator: null,
    sourceItem: null,
    text: 'Учитывать результаты независимой оценки качества условий при оценке деятельности руководителей организаций',
    needsFunding: false,
  });
  return out;
}
