// The legal point and «как исправить» of every finding (issue 17, item 9): which act asks for it, and what the
// webmaster changes, with a correct HTML snippet for items. Point-level references only: the order lists
// information per subsection point (p. 7 … p. 20), and the methodological recommendations give the
// addresses (table 3.1), the itemprop vocabulary per subsection and the checking algorithm (section 5); we do
// not cite sub-points we could not read in a primary text (decision 0111).
import { itemName } from './item-names';
import type { ItemRule, RuleSet, SectionRule } from './rules/types';
import type { AuditReport, Finding, Fix, LegalRef } from './types';

const ORDER = 'Приказ Рособрнадзора от 04.08.2023 № 1493';
const MR = 'Методические рекомендации Рособрнадзора v9.0.0 (2025)';
const MR_TABLE = `${MR}, таблица 3.1 (адреса подразделов)`;
const MR_ALGORITHM = `${MR}, раздел 5 (алгоритм проверки АИС «Мониторинг»)`;
const mrSection = (s: SectionRule) => `${MR}, подраздел «${s.title}» (/sveden/${s.slug})`;
const point = (p: string) => `${ORDER}, п. ${p}`;

/** The subsection points and general points of the order the auditor refers to (the docs table mirrors it). */
export const GENERAL_POINTS = {
  structure: '1–2', // section = set of pages with one navigation
  list: '6', // the list of subsections
  link: '3', // reachable from the main page and the main menu
  files: '4', // visible links to files with a description
  text: '24', // files with searchable text
  access: '25', // no registration, no paid software
  markup: '27', // HTML markup identifying the information, visible to visitors
} as const;

const ITEM_CODES = new Set([
  'missing',
  'empty',
  'near-miss',
  'outside-container',
  'label-marked',
  'legacy',
  'placeholder',
  'multi-token',
  'bad-phone',
  'bad-email',
  'bad-number',
  'bad-url',
  'bad-date',
  'implausible-date',
  'no-link',
]);

export function legalFor(f: Finding, section: SectionRule | undefined): LegalRef | null {
  if (ITEM_CODES.has(f.code) && section) {
    const exact = f.code === 'near-miss' || f.code === 'multi-token';
    return {
      order: point(section.point),
      mr: exact ? `${mrSection(section)}; там же, раздел 5 (алгоритм проверки АИС «Мониторинг»)` : mrSection(section),
    };
  }
  switch (f.code) {
    case 'hidden-value':
      return { order: point(GENERAL_POINTS.markup), mr: section ? mrSection(section) : MR };
    case 'js-only':
    case 'no-markup':
    case 'app-shell':
    case 'legacy-vocabulary':
      return { order: point(GENERAL_POINTS.markup), mr: MR_ALGORITHM };
    case 'section-missing':
      return { order: `${point(GENERAL_POINTS.list)}; ${point(section?.point ?? GENERAL_POINTS.list)}`, mr: MR_TABLE };
    case 'address-differs':
    case 'section-link-broken':
    case 'variant-differs':
    case 'variant-link':
      return { order: point(GENERAL_POINTS.structure), mr: MR_TABLE };
    case 'addref-over-limit':
      return {
        order: point(GENERAL_POINTS.structure),
        mr: `${MR}, описание addRef (не больше 10 дополнительных страниц)`,
      };
    case 'root-missing':
    case 'root-address-differs':
    case 'root-link-broken':
    case 'no-link-from-main':
    case 'no-link-in-menu':
      return { order: point(GENERAL_POINTS.link), mr: MR_TABLE };
    case 'doc-unreachable':
    case 'doc-is-page':
    case 'doc-internal-address':
      return { order: point(GENERAL_POINTS.files), mr: section ? mrSection(section) : MR };
    case 'doc-scan':
    case 'doc-image':
    case 'doc-large':
      return { order: point(GENERAL_POINTS.text), mr: null };
    case 'not-html':
    case 'identical-responses':
    case 'unreachable':
    case 'too-large':
      return { order: `${point(GENERAL_POINTS.access)}; ПП РФ от 20.10.2021 № 1802, п. 20`, mr: null };
    default:
      if (f.code.startsWith('tls-'))
        return { order: `${point(GENERAL_POINTS.access)}; ПП РФ от 20.10.2021 № 1802, п. 20`, mr: null };
      return null;
  }
}

const EXAMPLE: Record<string, string> = {
  text: '…',
  any: '…',
  number: '0',
  date: '01.09.1950',
};

/** A correct snippet for one item: the value element, inside its container when it has one. */
export function itemSnippet(
  rule: Pick<ItemRule, 'itemprop' | 'kind' | 'container' | 'isContainer'>,
  children: readonly ItemRule[] = [],
): string {
  const name = itemName(rule.itemprop);
  const value = (r: Pick<ItemRule, 'itemprop' | 'kind'>): string => {
    const n = itemName(r.itemprop);
    switch (r.kind) {
      case 'doc':
        return `<a itemprop="${r.itemprop}" href="/sveden/files/${r.itemprop}.pdf">${n}</a>`;
      case 'date':
        return `${n}: <time itemprop="${r.itemprop}" datetime="1950-09-01">01.09.1950</time>`;
      case 'phone':
        return `${n}: <a itemprop="${r.itemprop}" href="tel:+73430000000">+7 (343) 000-00-00</a>`;
      case 'email':
        return `${n}: <a itemprop="${r.itemprop}" href="mailto:school@example.ru">school@example.ru</a>`;
      case 'url':
        return `${n}: <a itemprop="${r.itemprop}" href="https://example.ru/">https://example.ru/</a>`;
      default:
        return `${n}: <span itemprop="${r.itemprop}">${EXAMPLE[r.kind] ?? '…'}</span>`;
    }
  };
  if (rule.isContainer) {
    const inner = children.filter((c) => c.required).slice(0, 4);
    const lines = (inner.length ? inner : children.slice(0, 2)).map((c) => `  <p>${value(c)}</p>`);
    return `<div itemprop="${rule.itemprop}">\n  <!-- ${name} -->\n${lines.join('\n')}\n</div>`;
  }
  if (rule.container) return `<div itemprop="${rule.container}">\n  …\n  <p>${value(rule)}</p>\n</div>`;
  return `<p>${value(rule)}</p>`;
}

const MENU_LINK = '<nav>\n  <a href="/sveden/">Сведения об образовательной организации</a>\n</nav>';
const sectionLink = (s: SectionRule) => `<a href="/sveden/${s.slug}/">${s.title}</a>`;

export function fixFor(f: Finding, section: SectionRule | undefined, rule: ItemRule | undefined): Fix {
  const children = rule?.isContainer && section ? section.items.filter((i) => i.container === rule.itemprop) : [];
  const snippet = rule ? itemSnippet(rule, children) : null;
  const where = rule?.container ? ` внутри элемента с itemprop="${rule.container}"` : '';
  const written = /написано «([^»]+)»/.exec(f.message)?.[1];
  switch (f.code) {
    case 'missing':
      return {
        text: `Разметьте сведения «${itemName(f.itemprop ?? '')}»: атрибут itemprop="${f.itemprop}" на элементе с самим значением${where}. Если сведений нет, напишите «отсутствует» в элементе с той же разметкой.`,
        html: snippet,
      };
    case 'near-miss':
      return {
        text: `Замените ${written ? `itemprop="${written}"` : 'написание атрибута'} на itemprop="${f.itemprop}" — точно так, с учётом регистра букв.`,
        html: snippet,
      };
    case 'label-marked':
      return { text: 'Перенесите itemprop с подписи поля на элемент с самим значением.', html: snippet };
    case 'outside-container':
      return {
        text: `Поместите элемент${where || ' внутрь элемента-контейнера'} — вложенность в HTML определяет, к чему относится значение.`,
        html: snippet,
      };
    case 'empty':
      return {
        text: 'Заполните значение размеченного элемента; если сведений нет — «отсутствует» в том же элементе.',
        html: snippet,
      };
    case 'hidden-value':
      return {
        text: 'Покажите значение посетителям: обычный видимый элемент вместо <meta> или скрытого блока.',
        html: snippet,
      };
    case 'legacy':
      return { text: `Замените разметку по рекомендациям 2020 г. на itemprop="${f.itemprop}".`, html: snippet };
    case 'multi-token':
      return {
        text: `Оставьте в атрибуте одно имя: itemprop="${f.itemprop}"; второе значение разметьте отдельным элементом.`,
        html: snippet,
      };
    case 'placeholder':
      return { text: 'Проверьте, что сведений действительно нет; если есть — укажите их вместо заглушки.', html: null };
    case 'no-link':
      return { text: 'Дайте ссылку на файл документа на самом размеченном элементе.', html: snippet };
    case 'bad-phone':
    case 'bad-email':
    case 'bad-number':
    case 'bad-url':
    case 'bad-date':
    case 'implausible-date':
      return {
        text: 'Исправьте значение: в размеченном элементе должно быть само значение в обычной записи.',
        html: snippet,
      };
    case 'legacy-vocabulary':
      return {
        text: 'Замените имена itemprop из рекомендаций 2020 г. на имена действующих рекомендаций (v9.0.0).',
        html: null,
      };
    case 'section-missing':
      return {
        text: section
          ? `Создайте страницу /sveden/${section.slug}/ «${section.title}» и дайте на неё ссылку со страницы /sveden/.`
          : 'Создайте страницу подраздела.',
        html: section ? sectionLink(section) : null,
      };
    case 'address-differs':
      return {
        text: section
          ? `Разместите подраздел по адресу /sveden/${section.slug}/ или настройте постоянное перенаправление (301) с этого адреса.`
          : 'Разместите подраздел по рекомендованному адресу.',
        html: section ? sectionLink(section) : null,
      };
    case 'section-link-broken':
      return {
        text: section ? `Исправьте ссылку: она должна вести на /sveden/${section.slug}/.` : 'Исправьте ссылку.',
        html: section ? sectionLink(section) : null,
      };
    case 'variant-differs':
      return {
        text: 'Уберите вторую версию страницы или приведите её сведения в соответствие со страницей по рекомендованному адресу; ссылайтесь на рекомендованный адрес.',
        html: section ? sectionLink(section) : null,
      };
    case 'variant-link':
      return {
        text: 'Ссылайтесь на страницу по рекомендованному адресу.',
        html: section ? sectionLink(section) : null,
      };
    case 'addref-over-limit':
      return {
        text: 'Соберите сведения подраздела не больше чем на 10 дополнительных страницах (addRef).',
        html: null,
      };
    case 'root-missing':
    case 'root-address-differs':
      return { text: 'Разместите раздел по адресу /sveden/ и дайте на него ссылку в главном меню.', html: MENU_LINK };
    case 'no-link-from-main':
    case 'no-link-in-menu':
    case 'root-link-broken':
      return { text: 'Дайте ссылку на раздел в главном меню сайта, на адрес /sveden/.', html: MENU_LINK };
    case 'js-only':
    case 'app-shell':
      return {
        text: 'Отдавайте сведения прямо в HTML-коде страницы (серверная отрисовка или статическая страница): АИС «Мониторинг» читает HTML и не выполняет скрипты.',
        html: null,
      };
    case 'no-markup':
      return {
        text: 'Разметьте сведения подраздела атрибутами itemprop по методическим рекомендациям (пример для каждого пункта — в строках ниже).',
        html: null,
      };
    case 'doc-unreachable':
    case 'doc-internal-address':
      return { text: 'Проверьте ссылку: файл должен открываться из интернета без входа на сайт.', html: snippet };
    case 'doc-scan':
      return {
        text: 'Разместите PDF с текстовым слоем: сохраните документ из текстового редактора или распознайте скан.',
        html: null,
      };
    case 'doc-image':
      return { text: 'Разместите документ файлом PDF с текстом, а не картинкой.', html: null };
    case 'doc-is-page':
      return { text: 'Если это не страница реестра, дайте ссылку прямо на файл документа.', html: null };
    case 'doc-large':
      return { text: 'Уменьшите размер файла (сжатие изображений, без лишних страниц).', html: null };
    case 'not-html':
    case 'identical-responses':
      return {
        text: 'Настройте сервер: страницы раздела — HTML с типом text/html, несуществующие адреса — ошибка 404.',
        html: null,
      };
    case 'unreachable':
    case 'too-large':
      return {
        text: 'Проверьте, что сайт открывается из интернета и страницы раздела не весят мегабайты.',
        html: null,
      };
    case 'internal-address':
      return { text: 'Укажите в реестре публичный адрес сайта.', html: null };
    default:
      if (f.code.startsWith('tls-'))
        return {
          text: 'Установите сертификат, которому доверяют браузеры, или полную цепочку сертификатов; для российского корневого центра эксперт указывает его сертификат (--ca-file).',
          html: null,
        };
      return { text: 'Действий не требуется.', html: null };
  }
}

/** «Полное наименование (fullName)» / «Наименование учредителя (uchredLaw › nameUchred)»: how reports name an item. */
export function itemLabel(itemprop: string, container?: string | null): string {
  return `${itemName(itemprop)} (${container ? `${container} › ${itemprop}` : itemprop})`;
}

/** Adds `legal` and `fix` to every finding of the report, in place. */
export function annotateFindings(report: Pick<AuditReport, 'findings' | 'sections'>, ruleset: RuleSet): void {
  const bySlug = new Map(ruleset.sections.map((s) => [s.slug, s]));
  const annotate = (f: Finding, slug: string | undefined) => {
    const section = bySlug.get(f.section ?? slug ?? '');
    const rule = f.itemprop
      ? section?.items.find((i) => i.itemprop === f.itemprop && i.container === f.container)
      : undefined;
    f.legal = legalFor(f, section);
    f.fix = fixFor(f, section, rule);
  };
  for (const f of report.findings) annotate(f, undefined);
  for (const s of report.sections) for (const f of s.findings) annotate(f, s.slug);
}
