// Form controls that render their own label, hint and error message and tie them to the input with
// aria-describedby, modelled on GOV.UK Frontend's input, radios and error-message components. Client-safe:
// no server imports, so they render the same on the server and after hydration.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

/** The ids a control's hint and error carry: `<id>-hint`, `<id>-error`. The error summary links to `#<id>`. */
export const hintId = (id: string) => `${id}-hint`;
export const errorId = (id: string) => `${id}-error`;

/** aria-describedby for a control: its hint, then its error (the order a screen reader reads them). */
export function describedBy(id: string, error?: ReactNode, hint?: ReactNode, extra?: string): string | undefined {
  const ids = [extra, hint ? hintId(id) : null, error ? errorId(id) : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function Hint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p className="hint" id={hintId(id)}>
      {children}
    </p>
  );
}

/** A field's error, above the input; «Ошибка:» is read out but not shown, as the red text says it. */
export function ErrorMessage({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p className="error-message" id={errorId(id)}>
      <span className="visually-hidden">Ошибка: </span>
      {children}
    </p>
  );
}

type Labelled = {
  /** The form field name; also the id unless `id` is given. */
  name: string;
  id?: string | undefined;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null | undefined;
  /** Classes of the wrapper (e.g. "inline"). */
  className?: string | undefined;
};

function wrapperClass(error: unknown, className?: string): string {
  return ['field', error ? 'field-error' : null, className].filter(Boolean).join(' ');
}

/** The wrapper every single control shares: label, hint, error, then the control itself. */
function LabelledField({
  id,
  label,
  hint,
  error,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null | undefined;
  className?: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className={wrapperClass(error, className)}>
      <label htmlFor={id}>{label}</label>
      {hint ? <Hint id={id}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={id}>{error}</ErrorMessage> : null}
      {children}
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name'>;

export function TextInput({
  name,
  id = name,
  label,
  hint,
  error,
  className,
  type = 'text',
  ...input
}: Labelled & InputProps) {
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} className={className}>
      <input
        {...input}
        type={type}
        id={id}
        name={name}
        aria-describedby={describedBy(id, error, hint, input['aria-describedby'])}
        aria-invalid={error ? true : undefined}
      />
    </LabelledField>
  );
}

/** A calendar day: the browser's date picker posts `YYYY-MM-DD` whatever language it displays. */
export function DateInput(props: Labelled & Omit<InputProps, 'type'>) {
  return <TextInput {...props} type="date" />;
}

export function Textarea({
  name,
  id = name,
  label,
  hint,
  error,
  className,
  rows = 4,
  ...area
}: Labelled & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'name'>) {
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} className={className}>
      <textarea
        {...area}
        rows={rows}
        id={id}
        name={name}
        aria-describedby={describedBy(id, error, hint, area['aria-describedby'])}
        aria-invalid={error ? true : undefined}
      />
    </LabelledField>
  );
}

export type Option = { value: string; label: ReactNode; disabled?: boolean };

export function Select({
  name,
  id = name,
  label,
  hint,
  error,
  className,
  options,
  placeholder,
  ...select
}: Labelled &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'name'> & { options: readonly Option[]; placeholder?: string }) {
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} className={className}>
      <select
        {...select}
        id={id}
        name={name}
        aria-describedby={describedBy(id, error, hint, select['aria-describedby'])}
        aria-invalid={error ? true : undefined}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}

export function FileUpload({
  name,
  id = name,
  label,
  hint,
  error,
  className,
  ...input
}: Labelled & Omit<InputProps, 'type'>) {
  return (
    <TextInput
      {...input}
      name={name}
      id={id}
      label={label}
      hint={hint}
      error={error}
      className={className}
      type="file"
    />
  );
}

export type Choice = { value: string; label: ReactNode; hint?: ReactNode; disabled?: boolean };

type ChoiceGroup = Omit<Labelled, 'label'> & {
  legend: ReactNode;
  items: readonly Choice[];
  /** Lay the choices out in a row (short answers such as «да / нет»). */
  inline?: boolean;
  required?: boolean;
};

/**
 * The first choice gets the group's id, so the error summary's `#<id>` link lands on a focusable input;
 * the others are `<id>-<n>`.
 */
function ChoiceGroupField({
  type,
  name,
  id = name,
  legend,
  hint,
  error,
  className,
  items,
  inline,
  required,
  checked,
}: ChoiceGroup & { type: 'radio' | 'checkbox'; checked: (value: string) => boolean }) {
  return (
    <div className={wrapperClass(error, className)}>
      <fieldset aria-describedby={describedBy(id, error, hint)}>
        <legend>{legend}</legend>
        {hint ? <Hint id={id}>{hint}</Hint> : null}
        {error ? <ErrorMessage id={id}>{error}</ErrorMessage> : null}
        <div className={inline ? 'choices choices-inline' : 'choices'}>
          {items.map((item, i) => {
            const itemId = i === 0 ? id : `${id}-${i + 1}`;
            return (
              <div className="choice" key={item.value}>
                <input
                  type={type}
                  id={itemId}
                  name={name}
                  value={item.value}
                  defaultChecked={checked(item.value)}
                  disabled={item.disabled}
                  // A lone checkbox («I confirm …») can be required; on a group it would demand every box.
                  required={type === 'radio' || items.length === 1 ? required : undefined}
                  aria-describedby={item.hint ? hintId(itemId) : undefined}
                />
                <label htmlFor={itemId}>{item.label}</label>
                {item.hint ? <Hint id={itemId}>{item.hint}</Hint> : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Radios({ defaultValue, ...group }: ChoiceGroup & { defaultValue?: string | null | undefined }) {
  return <ChoiceGroupField {...group} type="radio" checked={(v) => v === (defaultValue ?? undefined)} />;
}

export function Checkboxes({ defaultValues = [], ...group }: ChoiceGroup & { defaultValues?: readonly string[] }) {
  return <ChoiceGroupField {...group} type="checkbox" checked={(v) => defaultValues.includes(v)} />;
}

/**
 * A wide table that scrolls sideways inside its own region instead of widening the page on a phone. The
 * region is focusable and named so keyboard users can scroll it too (axe: scrollable-region-focusable).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
