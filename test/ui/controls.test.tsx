import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { load } from 'cheerio';
import { Checkboxes, DateInput, FileUpload, Radios, Select, Textarea, TextInput } from '../../app/ui/controls';
import { ErrorSummary, errorItems, FormMessages, formKey } from '../../app/ui/error-summary';

const $ = (el: React.ReactElement) => load(renderToStaticMarkup(el));

describe('form controls', () => {
  it('a text input has its label, and no describedby or invalid state without hint and error', () => {
    const d = $(<TextInput name="title" label="Название" defaultValue="x" />);
    expect(d('label').attr('for')).toBe('title');
    expect(d('input#title').attr('name')).toBe('title');
    expect(d('input').attr('aria-describedby')).toBeUndefined();
    expect(d('input').attr('aria-invalid')).toBeUndefined();
    expect(d('.error-message')).toHaveLength(0);
  });

  it('hint and error get ids the input points to, hint first, and the error says «Ошибка» to a screen reader', () => {
    const d = $(
      <TextInput name="inn" id="org-inn" label="ИНН" hint="10 или 12 цифр" error="Введите ИНН из 10 или 12 цифр." />,
    );
    expect(d('label').attr('for')).toBe('org-inn');
    expect(d('#org-inn-hint').text()).toBe('10 или 12 цифр');
    expect(d('#org-inn-error').text()).toBe('Ошибка: Введите ИНН из 10 или 12 цифр.');
    expect(d('#org-inn-error .visually-hidden').text()).toBe('Ошибка: ');
    expect(d('input').attr('aria-describedby')).toBe('org-inn-hint org-inn-error');
    expect(d('input').attr('aria-invalid')).toBe('true');
    expect(d('.field').hasClass('field-error')).toBe(true);
  });

  it('select, textarea, date and file inputs follow the same pattern', () => {
    const s = $(
      <Select
        name="role"
        label="Роль"
        error="Выберите роль."
        placeholder="— выберите —"
        options={[{ value: 'admin', label: 'Администратор' }]}
        defaultValue=""
      />,
    );
    expect(s('label').attr('for')).toBe('role');
    expect(s('select#role').attr('aria-describedby')).toBe('role-error');
    expect(
      s('option')
        .map((_, o) => s(o).attr('value'))
        .get(),
    ).toEqual(['', 'admin']);
    const t = $(<Textarea name="note" label="Примечание" hint="До 2000 знаков" />);
    expect(t('textarea#note').attr('aria-describedby')).toBe('note-hint');
    const dt = $(<DateInput name="closesOn" label="Дата окончания" />);
    expect(dt('input#closesOn').attr('type')).toBe('date');
    const f = $(<FileUpload name="scan" label="Скан" accept=".pdf" error="Файл пустой." />);
    expect(f('input#scan').attr('type')).toBe('file');
    expect(f('input#scan').attr('aria-describedby')).toBe('scan-error');
  });

  it('radios: a fieldset with legend described by hint and error; the first choice carries the group id', () => {
    const d = $(
      <Radios
        name="answer"
        legend="Ответ"
        hint="Один вариант"
        error="Выберите ответ."
        defaultValue="no"
        items={[
          { value: 'yes', label: 'Да' },
          { value: 'no', label: 'Нет', hint: 'если не видели' },
        ]}
      />,
    );
    expect(d('fieldset').attr('aria-describedby')).toBe('answer-hint answer-error');
    expect(d('legend').text()).toBe('Ответ');
    const inputs = d('input[type=radio]');
    expect(inputs.map((_, i) => d(i).attr('id')).get()).toEqual(['answer', 'answer-2']);
    expect(d('label[for=answer]').text()).toBe('Да');
    expect(d('label[for=answer-2]').text()).toBe('Нет');
    expect(d('#answer-2').attr('checked')).toBeDefined();
    expect(d('#answer').attr('checked')).toBeUndefined();
    expect(d('#answer-2').attr('aria-describedby')).toBe('answer-2-hint');
  });

  it('checkboxes check every default value', () => {
    const d = $(
      <Checkboxes
        name="types"
        legend="Типы"
        defaultValues={['a', 'c']}
        items={['a', 'b', 'c'].map((v) => ({ value: v, label: v.toUpperCase() }))}
      />,
    );
    expect(
      d('input:checked')
        .map((_, i) => d(i).attr('value'))
        .get(),
    ).toEqual(['a', 'c']);
    expect(d('input[type=checkbox]').first().attr('id')).toBe('types');
  });

  it('a lone checkbox can be required; in a group of several, required would demand every box and is left off', () => {
    const lone = $(
      <Checkboxes
        name="confirm"
        id="confirm-delete"
        legend="Подтверждение"
        required
        items={[{ value: 'yes', label: 'Удалить' }]}
      />,
    );
    expect(lone('input#confirm-delete').attr('required')).toBeDefined();
    const group = $(
      <Checkboxes name="types" legend="Типы" required items={['a', 'b'].map((v) => ({ value: v, label: v }))} />,
    );
    expect(group('input[required]')).toHaveLength(0);
  });
});

describe('error summary', () => {
  it('renders nothing without problems', () => {
    expect(renderToStaticMarkup(<ErrorSummary items={[]} />)).toBe('');
  });

  it('links field problems to #field-id, keeps plain problems as text, has role=alert inside and autofocus on the container', () => {
    const d = $(
      <ErrorSummary
        title="Организация не сохранена"
        items={errorItems(['Запись изменил другой пользователь.'], {
          'org-inn': 'Введите ИНН.',
          name: undefined,
          'org-email': 'Неверный адрес.',
        })}
      />,
    );
    const box = d('.error-summary');
    expect(box.attr('tabindex')).toBe('-1');
    expect(box.attr('autofocus')).toBeDefined();
    expect(box.attr('role')).toBeUndefined();
    expect(box.children('[role=alert]')).toHaveLength(1);
    expect(box.attr('aria-labelledby')).toBe(d('h2').attr('id'));
    expect(d('h2').text()).toBe('Организация не сохранена');
    const items = d('li');
    expect(items).toHaveLength(3);
    expect(d(items[0]).find('a')).toHaveLength(0);
    expect(d(items[0]).text()).toBe('Запись изменил другой пользователь.');
    expect(
      d('li a')
        .map((_, a) => d(a).attr('href'))
        .get(),
    ).toEqual(['#org-inn', '#org-email']);
  });

  it('FormMessages shows a result only beside the form it belongs to, and formKey changes only after a success', () => {
    const result = { intent: 'create', fieldErrors: { 'new-name': 'Введите название.' } };
    expect(renderToStaticMarkup(<FormMessages result={result} intent="rename" />)).toBe('');
    const d = $(<FormMessages result={result} intent="create" errorTitle="Не создано" />);
    expect(d('.error-summary a').attr('href')).toBe('#new-name');
    const ok = { intent: 'create', message: 'Территория создана.', at: 1 };
    const s = $(<FormMessages result={ok} intent="create" />);
    expect(s('.success-message [role=status]').text()).toBe('Территория создана.');
    expect(s('.success-message').attr('autofocus')).toBeDefined();
    expect(formKey(result, 'create')).toBe('form');
    expect(formKey(ok, 'create')).not.toBe('form');
    expect(formKey({ ...ok, at: 2 }, 'create')).not.toBe(formKey(ok, 'create'));
    expect(formKey(ok, 'rename')).toBe('form');
  });
});
