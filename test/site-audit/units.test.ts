import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeHtml, detectCharset } from '../../src/site-audit/decode.server';
import { HostGate } from '../../src/site-audit/host-gate';
import { monitorCount, monitorSees } from '../../src/site-audit/monitor';
import { parsePage } from '../../src/site-audit/page.server';
import { pdfHasTextLayer } from '../../src/site-audit/pdf.server';
import { checkValue, phonesIn } from '../../src/site-audit/quality';
import { MR_V9_2025 } from '../../src/site-audit/rules/mr-v9-2025';
import { editDistance, isNearMiss } from '../../src/site-audit/text-match';
import { PDF_SCAN, PDF_TEXT } from './fixtures/school';

const RU = '<p>Муниципальное бюджетное общеобразовательное учреждение, расписание занятий и сведения</p>';

describe('decoding', () => {
  it('prefers the HTTP header over <meta>', () => {
    const bytes = iconv.encode(`<meta charset="utf-8">${RU}`, 'windows-1251');
    expect(decodeHtml(bytes, 'text/html; charset=windows-1251')).toMatchObject({
      charset: 'windows-1251',
      source: 'header',
    });
  });
  it('uses the BOM, then <meta>, then detection', () => {
    expect(decodeHtml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(RU)]), 'text/html')).toMatchObject({
      source: 'bom',
      text: RU,
    });
    expect(
      decodeHtml(
        iconv.encode(`<meta http-equiv="Content-Type" content="text/html; charset=cp1251">${RU}`, 'windows-1251'),
      ).source,
    ).toBe('meta');
    const koi = decodeHtml(iconv.encode(RU, 'koi8-r'));
    expect(koi).toMatchObject({ charset: 'koi8-r', source: 'detected', text: RU });
  });
  it('tells windows-1251, koi8-r and utf-8 apart', () => {
    expect(detectCharset(iconv.encode(RU, 'windows-1251'))).toBe('windows-1251');
    expect(detectCharset(iconv.encode(RU, 'koi8-r'))).toBe('koi8-r');
    expect(detectCharset(Buffer.from(RU))).toBe('utf-8');
  });
});

describe('the official monitor algorithm', () => {
  const managers = MR_V9_2025.sections.find((s) => s.slug === 'managers');
  if (!managers) throw new Error('rules lost managers');
  it('counts children under the nearest expected marked ancestor, by containment', () => {
    const page = parsePage(
      `<div itemprop="rucovodstvo"><div class="x"><div itemprop="unrelated"><span itemprop="fio">A</span></div></div></div>
       <table><tr itemprop="rucovodstvoZam"><td itemprop="fio">B</td></tr></table>
       <span itemprop="post">orphan</span>`,
      'http://x/',
    );
    const count = monitorCount(page.tags, managers);
    expect(count.children.get('rucovodstvo')?.get('fio')).toBe(1);
    expect(count.children.get('rucovodstvoZam')?.get('fio')).toBe(1);
    // A child whose container is not found is counted as a root tag, not under any parent.
    expect(count.roots.get('post')).toBe(1);
    expect(monitorSees(count, 'post', 'rucovodstvo')).toBe(false);
    // Tokens foreign to the subsection are not recorded.
    expect(count.roots.has('unrelated')).toBe(false);
  });
  it('compares signatures as exact strings and merges addRef pages by concatenation', () => {
    const a = parsePage('<p itemprop="Rucovodstvo">x</p>', 'http://x/a');
    const b = parsePage('<table><tr itemprop="rucovodstvo"><td itemprop="fio">y</td></tr></table>', 'http://x/b');
    expect(monitorSees(monitorCount(a.tags, managers), 'rucovodstvo')).toBe(false);
    const merged = monitorCount([...a.tags, ...b.tags], managers);
    expect(monitorSees(merged, 'rucovodstvo')).toBe(true);
    expect(monitorSees(merged, 'fio', 'rucovodstvo')).toBe(true);
  });
});

describe('page parsing', () => {
  it('reads meta content, hidden values, links in navigation and forms', () => {
    const p = parsePage(
      `<nav><a href="/sveden/">Сведения</a></nav><meta itemprop="email" content="a@b.ru"><div hidden><span itemprop="fio">X</span></div>
       <form action="/send"><textarea></textarea></form>`,
      'http://x/',
    );
    expect(p.tags[0]).toMatchObject({ raw: 'email', value: 'a@b.ru', hidden: true });
    expect(p.tags[1]).toMatchObject({ raw: 'fio', hidden: true });
    expect(p.links[0]).toMatchObject({ href: 'http://x/sveden/', inNav: true });
    expect(p.forms[0]).toMatchObject({ action: 'http://x/send', hasTextarea: true });
  });
});

describe('quality checks', () => {
  const today = '2025-12-01';
  it('dates', () => {
    expect(checkValue('date', '01.09.1975', null, today)).toBeNull();
    expect(checkValue('date', '1 сентября 1975 г.', null, today)).toBeNull();
    expect(checkValue('date', '31.02.2001', null, today)?.code).toBe('implausible-date');
    expect(checkValue('date', '01.01.2099', null, today)?.code).toBe('implausible-date');
    expect(checkValue('date', 'давно', null, today)?.code).toBe('bad-date');
  });
  it('phones, e-mails, documents and placeholders', () => {
    expect(phonesIn('8 (34377) 7-21-55; +7 912 000-00-00')).toHaveLength(2);
    expect(checkValue('phone', 'звоните', null, today)?.code).toBe('bad-phone');
    expect(checkValue('email', 'school7@zarech.ru', null, today)).toBeNull();
    expect(checkValue('email', 'school7 at zarech', null, today)?.code).toBe('bad-email');
    expect(checkValue('doc', 'Устав', null, today)?.code).toBe('no-link');
    expect(checkValue('phone', 'отсутствует', null, today)).toBeNull();
  });
});

describe('near misses', () => {
  it('catches case and small typos, not different short words', () => {
    expect(isNearMiss('Copy', 'copy')).toBe(true);
    expect(isNearMiss('shrotName', 'shortName')).toBe(true);
    expect(isNearMiss('teachingDescipline', 'teachingDiscipline')).toBe(true);
    expect(isNearMiss('post', 'fio')).toBe(false);
    expect(editDistance('abc', 'abc')).toBe(0);
  });
});

describe('PDF text layer', () => {
  it('tells a text PDF from a scan', () => {
    expect(pdfHasTextLayer(PDF_TEXT)).toBe(true);
    expect(pdfHasTextLayer(PDF_SCAN)).toBe(false);
    expect(pdfHasTextLayer(Buffer.from('<html>'))).toBeNull();
  });
});

describe('politeness', () => {
  it('runs one task at a time per host with a pause, hosts in parallel', async () => {
    const gate = new HostGate(30);
    const events: string[] = [];
    let active = 0;
    let maxActive = 0;
    const task = (name: string) => async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      events.push(`start ${name} ${Date.now()}`);
      await new Promise((r) => setTimeout(r, 10));
      active--;
      return name;
    };
    const started = Date.now();
    await Promise.all([gate.run('a', task('a1')), gate.run('a', task('a2')), gate.run('a', task('a3'))]);
    expect(maxActive).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 10 + 2 * 30 - 5);
    active = 0;
    maxActive = 0;
    await Promise.all([gate.run('b', task('b1')), gate.run('c', task('c1'))]);
    expect(maxActive).toBe(2);
  });
});
