// Realistic measure texts for generated plan rows: what an operator's report generator writes for each
// missing checklist item and for a survey indicator below 90 points (../shared/domain/after-results.md).
// A generated row is a draft: the organisation edits the text, the date and the responsible person.
import type { PlanSection } from '../db/schema/plans';

export type MeasureTemplate = {
  measure: string;
  /** Months after approval the row is due; 0.5 = two weeks. */
  months: number;
  post: string;
  needsFunding: boolean;
};

const DEPUTY = 'заместитель директора';
const FACILITIES = 'заместитель директора по административно-хозяйственной работе';
const SITE_EDITOR = 'заместитель директора; ответственный за официальный сайт';

/** Section of the decree-457 form for an indicator («1.1» → I … «5.3» → V). */
export function sectionOf(indicator: string | null | undefined): PlanSection {
  const n = Number(String(indicator ?? '').split('.')[0]);
  return (['I', 'II', 'III', 'IV', 'V'] as const)[Math.min(Math.max(n, 1), 5) - 1]!;
}

export const sectionTitles: Record<PlanSection, string> = {
  I: 'Открытость и доступность информации об организации',
  II: 'Комфортность условий предоставления услуг',
  III: 'Доступность услуг для инвалидов',
  IV: 'Доброжелательность, вежливость работников организации',
  V: 'Удовлетворённость условиями оказания услуг',
};

const byItem: Record<string, MeasureTemplate> = {
  '1.2:phone': {
    measure:
      'Разместить на официальном сайте действующий номер телефона для обращений, назначить ответственного за ответы',
    months: 0.5,
    post: DEPUTY,
    needsFunding: false,
  },
  '1.2:email': {
    measure:
      'Разместить на официальном сайте адрес электронной почты для обращений, установить срок ответа не более 3 рабочих дней',
    months: 0.5,
    post: DEPUTY,
    needsFunding: false,
  },
  '1.2:e-service': {
    measure:
      'Создать на официальном сайте электронную форму для обращений и консультаций, назначить ответственного за ответы',
    months: 1,
    post: SITE_EDITOR,
    needsFunding: false,
  },
  '1.2:faq': {
    measure:
      'Создать на официальном сайте раздел «Часто задаваемые вопросы» (не менее 10 вопросов с ответами), обновлять ежеквартально',
    months: 1,
    post: SITE_EDITOR,
    needsFunding: false,
  },
  '1.2:opinion': {
    measure: 'Разместить на главной странице сайта баннер со ссылкой на анкету оценки качества и QR-код bus.gov.ru',
    months: 0.5,
    post: SITE_EDITOR,
    needsFunding: false,
  },
  '1.2:other': {
    measure:
      'Организовать иной дистанционный способ взаимодействия (страница в социальной сети, мессенджер) и указать его на сайте',
    months: 1,
    post: DEPUTY,
    needsFunding: false,
  },
  '2.1:rest-zone': {
    measure: 'Оборудовать зону ожидания в холле мебелью (скамьи, стулья)',
    months: 3,
    post: FACILITIES,
    needsFunding: true,
  },
  '2.1:navigation': {
    measure: 'Установить указатели и схемы помещений на каждом этаже',
    months: 2,
    post: FACILITIES,
    needsFunding: true,
  },
  '2.1:water': {
    measure: 'Установить кулер с питьевой водой в доступном для посетителей месте',
    months: 3,
    post: FACILITIES,
    needsFunding: true,
  },
  '2.1:sanitary-rooms': {
    measure: 'Обеспечить доступ посетителей к санитарно-гигиеническим помещениям, разместить указатели',
    months: 2,
    post: FACILITIES,
    needsFunding: false,
  },
  '2.1:sanitary-state': {
    measure: 'Провести косметический ремонт санитарных помещений, утвердить график уборки и контроль его соблюдения',
    months: 3,
    post: FACILITIES,
    needsFunding: true,
  },
  '3.1:ramps': {
    measure: 'Приобрести мобильный пандус; включить стационарный пандус в заявку учредителю на капитальный ремонт',
    months: 9,
    post: FACILITIES,
    needsFunding: true,
  },
  '3.1:parking': {
    measure:
      'Выделить и обозначить место для автотранспорта инвалидов (совместно с администрацией, если стоянка вне территории)',
    months: 6,
    post: FACILITIES,
    needsFunding: true,
  },
  '3.1:lifts-rails-doors': {
    measure: 'Установить поручни на входной группе и лестницах, расширить дверной проём входной группы',
    months: 9,
    post: FACILITIES,
    needsFunding: true,
  },
  '3.1:wheelchairs': { measure: 'Приобрести сменное кресло-коляску', months: 6, post: FACILITIES, needsFunding: true },
  '3.1:sanitary': {
    measure: 'Оборудовать санитарно-гигиеническое помещение для инвалидов (поручни, кнопка вызова)',
    months: 9,
    post: FACILITIES,
    needsFunding: true,
  },
  '3.2:sound-visual': {
    measure: 'Установить табло бегущей строки для дублирования звуковой информации',
    months: 6,
    post: FACILITIES,
    needsFunding: true,
  },
  '3.2:braille': {
    measure: 'Установить тактильные таблички со шрифтом Брайля и тактильную мнемосхему',
    months: 6,
    post: FACILITIES,
    needsFunding: true,
  },
  '3.2:sign-interpreter': {
    measure:
      'Заключить соглашение с региональным отделением Всероссийского общества глухих о предоставлении услуг сурдопереводчика',
    months: 2,
    post: DEPUTY,
    needsFunding: false,
  },
  '3.2:low-vision-site': {
    measure: 'Подключить на официальном сайте версию для слабовидящих и проверить её работу',
    months: 1,
    post: SITE_EDITOR,
    needsFunding: false,
  },
  '3.2:trained-staff': {
    measure: 'Провести инструктаж работников по сопровождению инвалидов с записью в журнале инструктажей',
    months: 2,
    post: DEPUTY,
    needsFunding: false,
  },
  '3.2:remote-home': {
    measure:
      'Обеспечить возможность обучения на дому и с применением дистанционных технологий, разместить сведения на сайте',
    months: 3,
    post: DEPUTY,
    needsFunding: false,
  },
};

/** The measure for one missing checklist item. `label` is the item's wording (1.1 items say where). */
export function measureForItem(checklist: string, itemId: string, label: string, orgType: string): MeasureTemplate {
  const known = byItem[`${checklist}:${itemId}`];
  if (known) return known;
  const post = orgType === 'preschool' ? 'старший воспитатель' : DEPUTY;
  const what = label.replace(/^(Сайт|Стенд):\s*/, '');
  const lower = what.charAt(0).toLowerCase() + what.slice(1);
  if (checklist === '1.1-site')
    return {
      measure: `Разместить на официальном сайте: ${lower}; назначить ответственного за актуальность сведений`,
      months: 1,
      post: SITE_EDITOR,
      needsFunding: false,
    };
  if (checklist === '1.1-stand')
    return {
      measure: `Дополнить информационный стенд: ${lower}; разместить QR-код анкеты оценки качества`,
      months: 1,
      post,
      needsFunding: false,
    };
  return { measure: `Обеспечить: ${lower}`, months: 3, post: DEPUTY, needsFunding: false };
}

/** Standard texts for a survey indicator below the threshold (90 points). */
const bySurveyIndicator: Record<string, MeasureTemplate> = {
  '1.3': {
    measure: 'Проверить полноту и актуальность сведений на стендах и сайте с участием родительского совета',
    months: 2,
    post: DEPUTY,
    needsFunding: false,
  },
  '2.3': {
    measure: 'Обсудить с родительским советом условия пребывания и составить перечень улучшений',
    months: 3,
    post: FACILITIES,
    needsFunding: false,
  },
  '3.3': {
    measure:
      'Провести обучение работников сопровождению инвалидов, обсудить условия доступности с родителями детей с ОВЗ',
    months: 2,
    post: DEPUTY,
    needsFunding: false,
  },
  '4.1': {
    measure: 'Провести семинар по этике общения для работников, встречающих посетителей',
    months: 3,
    post: DEPUTY,
    needsFunding: false,
  },
  '4.2': {
    measure: 'Провести семинар по этике общения для педагогических работников, обсудить результаты с коллективом',
    months: 3,
    post: DEPUTY,
    needsFunding: false,
  },
  '4.3': {
    measure:
      'Утвердить правило ответа на звонки и электронные обращения (не более 3 рабочих дней), провести семинар по этике дистанционного общения',
    months: 3,
    post: DEPUTY,
    needsFunding: false,
  },
  '5.1': {
    measure: 'Провести внутреннюю проверку причин неудовлетворённости, обсудить её итоги с родительским советом',
    months: 3,
    post: DEPUTY,
    needsFunding: false,
  },
  '5.2': {
    measure: 'Обсудить с родительским советом режим работы (в том числе дежурных групп) и согласовать изменения',
    months: 3,
    post: DEPUTY,
    needsFunding: false,
  },
  '5.3': {
    measure: 'Провести внутреннюю проверку и информационную кампанию для родителей о работе организации',
    months: 3,
    post: DEPUTY,
    needsFunding: false,
  },
};

export function measureForSurvey(indicator: string): MeasureTemplate {
  return (
    bySurveyIndicator[indicator] ?? {
      measure: 'Провести внутреннюю проверку причин низкой оценки и обсудить её итоги с родительским советом',
      months: 3,
      post: DEPUTY,
      needsFunding: false,
    }
  );
}

/** Below this many points a survey indicator becomes a plan row (operators' practice). */
export const SURVEY_THRESHOLD = 90;
