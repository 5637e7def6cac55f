import { describe, expect, it } from 'vitest';
import { fingerprint, screenText } from '../../src/voice/screening';

const flags = (t: string) => screenText(t).flags.sort();

describe('voice screening', () => {
  it('passes an ordinary review', () => {
    expect(
      flags('Хорошая школа, учителя внимательные, но в столовой очень шумно и мало места. Просим поставить ещё столы.'),
    ).toEqual([]);
    expect(flags('Спасибо воспитателям за заботу. Раздевалка тесная, утром очередь.')).toEqual([]);
  });

  it('finds phones in the usual Russian spellings', () => {
    for (const t of [
      'Звоните директору +7 (912) 345-67-89',
      'мой номер 89123456789',
      'телефон 8 912 345 67 89',
      'вахта 2-34-56',
    ])
      expect(flags(t), t).toContain('phone');
    expect(flags('В классе 28 человек, уроки до 15 часов')).not.toContain('phone');
  });

  it('finds e-mail addresses and links', () => {
    expect(flags('пишите на ivanova@mail.ru')).toContain('email');
    expect(flags('подробности на https://example.com/x')).toContain('link');
    expect(flags('смотрите сайт kupi-repetitora.ru')).toContain('link');
  });

  it('finds obscenity, also spelled with Latin look-alikes', () => {
    expect(flags('директор просто дебил')).toContain('obscenity');
    expect(flags('это пиздец')).toContain('obscenity');
    expect(flags('cукa')).toContain('obscenity');
    expect(flags('Обучение сухое, скучное')).not.toContain('obscenity');
  });

  it('finds a name next to a class or a group', () => {
    expect(flags('Петров из 5 «Б» класса обижает детей')).toContain('child-name');
    expect(flags('В группе «Солнышко» воспитатель Анна Сергеевна кричит')).toContain('child-name');
    expect(flags('В 3 классе мало учебников')).not.toContain('child-name');
  });

  it('finds advertising and markup', () => {
    expect(flags('Скидка 20% на репетитора, промокод SCHOOL')).toContain('advertising');
    expect(flags('<script>alert(1)</script> плохо')).toContain('markup');
    expect(flags('ссылка <a href="x">тут</a>')).toContain('markup');
  });

  it('fingerprints ignore case, punctuation and spacing', () => {
    expect(fingerprint('Очень шумно в столовой!')).toBe(fingerprint('очень   шумно, в столовой'));
    expect(fingerprint('Очень шумно в столовой')).not.toBe(fingerprint('Очень тихо в столовой'));
  });
});
