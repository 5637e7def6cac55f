// Reference lists for indicator 1.1: what an organisation of each type must show on its stands and on its
// official site. The official per-type lists are not confirmed by a primary text, so these are reference
// data that a campaign (administrator) may override; every item names its legal source.
import type { InfoItem, InfoItemLists, OrgType } from '../types.ts';

type Applies = readonly OrgType[] | 'all';
type Entry = InfoItem & { applies: Applies };

const ALL: Applies = 'all';
const P1493 = 'Приказ Рособрнадзора от 04.08.2023 № 1493';
const A29 = '273-ФЗ ст. 29 ч. 2';

function site(id: string, section: string, point: string, label: string, applies: Applies = ALL): Entry {
  return { id: `site.${id}`, section: `/sveden/${section}`, label, source: `${P1493} п. ${point}; ${A29}`, applies };
}

function stand(id: string, point: string, label: string, applies: Applies = ALL): Entry {
  return { id: `stand.${id}`, label, source: `${A29} ${point}`, applies };
}

// Site: the /sveden/ subsections of order 1493 and the main items inside each (art. 29 ч. 2).
const siteEntries: Entry[] = [
  site('common.founding', 'common', '7', 'Дата создания, учредитель (учредители)'),
  site('common.address', 'common', '7', 'Место нахождения, места осуществления образовательной деятельности'),
  site('common.schedule', 'common', '7', 'Режим и график работы'),
  site('common.contacts', 'common', '7', 'Контактные телефоны и адреса электронной почты'),
  site('common.license', 'common', '7', 'Выписка из реестра лицензий'),
  site('struct.bodies', 'struct', '8', 'Структура и органы управления, положения о них'),
  site('document.charter', 'document', '9', 'Устав'),
  site('document.rules', 'document', '9', 'Правила внутреннего распорядка обучающихся и трудового распорядка'),
  site(
    'document.localActs',
    'document',
    '9',
    'Локальные акты по основным вопросам образовательной деятельности (приём, режим занятий, аттестация, перевод и отчисление)',
  ),
  site('document.selfReport', 'document', '9', 'Отчёт о результатах самообследования'),
  site(
    'document.prescriptions',
    'document',
    '9',
    'Предписания органов надзора и отчёты об их исполнении (или запись об их отсутствии)',
  ),
  site(
    'education.programs',
    'education',
    '10',
    'Реализуемые образовательные программы: уровень, форма, нормативный срок обучения',
  ),
  site(
    'education.documents',
    'education',
    '10',
    'Образовательные программы, учебные планы, рабочие программы, календарный учебный график',
  ),
  site('education.numbers', 'education', '10', 'Численность обучающихся по программам и источникам финансирования'),
  site('education.language', 'education', '10', 'Языки образования'),
  site('education.admission', 'education', '10', 'Результаты приёма', ['college']),
  site('education.transfer', 'education', '10', 'Результаты перевода, восстановления и отчисления', [
    'school',
    'college',
  ]),
  site('education.employment', 'education', '10', 'Трудоустройство выпускников', ['college']),
  site(
    'eduStandarts.fgos',
    'eduStandarts',
    '20',
    'Федеральные государственные образовательные стандарты (ссылки на тексты)',
    ['preschool', 'school', 'college'],
  ),
  site('managers.head', 'managers', '11', 'Руководитель и его заместители: ФИО, должность, телефон, электронная почта'),
  site('employees.staff', 'employees', '12', 'Персональный состав педагогических работников по каждой программе'),
  site(
    'objects.rooms',
    'objects',
    '13',
    'Учебные кабинеты, объекты для практических занятий, библиотеки, спортивные объекты',
  ),
  site('objects.access', 'objects', '13', 'Условия для инвалидов и лиц с ОВЗ (доступная среда)'),
  site('objects.it', 'objects', '13', 'Доступ к информационным системам, сетям и электронным образовательным ресурсам'),
  site(
    'paid.procedure',
    'paid_edu',
    '14',
    'Порядок оказания платных услуг, образец договора, стоимость (или запись об их отсутствии)',
  ),
  site('paid.parentalFee', 'paid_edu', '14', 'Акт о размере родительской платы за присмотр и уход', ['preschool']),
  site('budget.volume', 'budget', '15', 'Объём образовательной деятельности по источникам финансирования'),
  site('budget.plan', 'budget', '15', 'Поступление и расходование средств; план ФХД или бюджетная смета'),
  site('vacant.places', 'vacant', '16', 'Вакантные места для приёма (перевода) по программам'),
  site('grants.support', 'grants', '17', 'Стипендии и меры поддержки обучающихся'),
  site('grants.hostel', 'grants', '17', 'Общежитие, интернат: наличие, количество мест, плата', ['college']),
  site(
    'inter.agreements',
    'inter',
    '18',
    'Договоры с иностранными и международными организациями (или запись об их отсутствии)',
  ),
  site('catering.conditions', 'catering', '19', 'Условия питания и охраны здоровья обучающихся'),
  site(
    'catering.menus',
    'catering',
    '19.2',
    'Ежедневное меню горячего питания, диетическое меню, форма обратной связи для родителей',
    ['school'],
  ),
];

// Stand: the art. 29 information that organisations customarily place on stands inside the building.
const standEntries: Entry[] = [
  stand('founding', 'п. 1 «а»', 'Дата создания, учредитель, место нахождения'),
  stand('schedule', 'п. 1 «а»', 'Режим и график работы, контактные телефоны и электронная почта'),
  stand('struct', 'п. 1 «б»', 'Структура и органы управления'),
  stand('programs', 'п. 1 «в»', 'Реализуемые образовательные программы'),
  stand('language', 'п. 1 «д»', 'Языки образования'),
  stand('managers', 'п. 1 «ж»', 'Руководитель и его заместители'),
  stand('staff', 'п. 1 «з»', 'Педагогический состав'),
  stand('objects', 'п. 1 «и»', 'Материально-техническое обеспечение, в том числе условия для инвалидов'),
  stand('catering', 'п. 1 «и»', 'Условия питания и охраны здоровья обучающихся'),
  stand('vacant', 'п. 1 «м»', 'Количество вакантных мест для приёма (перевода)'),
  stand('grants', 'п. 1 «н»', 'Стипендии и меры социальной поддержки', ['college']),
  stand('charter', 'п. 2 «а»', 'Копия устава'),
  stand('license', 'п. 2 «а»', 'Лицензия на образовательную деятельность (выписка из реестра)'),
  stand('rules', 'п. 2 «г»', 'Правила внутреннего распорядка обучающихся'),
  stand('paid', 'п. 4', 'Порядок оказания платных образовательных услуг'),
  stand('parentalFee', 'п. 4', 'Размер родительской платы за присмотр и уход', ['preschool']),
];

function forType(entries: readonly Entry[], type: OrgType): InfoItem[] {
  return entries
    .filter((e) => e.applies === 'all' || e.applies.includes(type))
    .map(({ applies: _applies, ...item }) => item);
}

function listsFor(type: OrgType) {
  return { stand: forType(standEntries, type), site: forType(siteEntries, type) };
}

export const edu2019InfoItems: InfoItemLists = {
  status: 'reference',
  note: 'Справочные перечни: официальные перечни по типам организаций не утверждены; кампания может их заменить.',
  sources: [
    'Федеральный закон от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации», ст. 29',
    `${P1493} «Об утверждении требований к структуре официального сайта…» (с изм. от 03.07.2025 № 1353)`,
    'Постановление Правительства РФ от 20.10.2021 № 1802',
  ],
  lists: {
    preschool: listsFor('preschool'),
    school: listsFor('school'),
    college: listsFor('college'),
    additional: listsFor('additional'),
  },
};
