// What a submitted form says back, at the top of that form: the error summary (GOV.UK Frontend's model:
// a list of problems, each linked to its field, announced by an inner role="alert" and focused on arrival)
// or a success message. `autoFocus` is rendered as the HTML `autofocus` attribute, so the browser moves
// focus to the summary with scripts off; React itself focuses only form controls on mount, so after a
// client-side submission a mount effect moves focus (useFocusOnArrival).
// Client-safe: no server imports.
import { useEffect, useRef, type ReactNode } from 'react';

/** One problem: a plain text, or a text linked to the field (by id) that has the problem. */
export type ErrorItem = string | { text: string; field?: string | undefined };

/** Field errors keyed by field id, as actions return them; empty entries are skipped. */
export type FieldErrors = Partial<Record<string, string | null | undefined>>;

/** The items of a summary: general problems first, then the field errors in the order given. */
export function errorItems(general: readonly string[] | undefined, fields?: FieldErrors): ErrorItem[] {
  const out: ErrorItem[] = [...(general ?? [])];
  for (const [field, text] of Object.entries(fields ?? {})) if (text) out.push({ text, field });
  return out;
}

/** `children` follow the list inside the alert: a table of rejected rows, a hint how to fix them. */
export function ErrorSummary({
  title = 'Есть ошибки',
  items,
  id = 'error-summary',
  focus = true,
  children,
}: {
  title?: ReactNode;
  items: readonly ErrorItem[];
  id?: string;
  focus?: boolean;
  children?: ReactNode;
}) {
  const ref = useFocusOnArrival<HTMLDivElement>(focus);
  if (items.length === 0 && !children) return null;
  const titleId = `${id}-title`;
  return (
    <div
      className="error-summary"
      id={id}
      ref={ref}
      tabIndex={-1}
      autoFocus={focus}
      aria-labelledby={titleId}
      data-error-summary=""
    >
      <div role="alert">
        <h2 className="error-summary-title" id={titleId}>
          {title}
        </h2>
        {items.length ? (
          <ul className="error-summary-list">
            {items.map((item, i) =>
              typeof item === 'string' || !item.field ? (
                <li key={i}>{typeof item === 'string' ? item : item.text}</li>
              ) : (
                <li key={i}>
                  <a href={`#${item.field}`}>{item.text}</a>
                </li>
              ),
            )}
          </ul>
        ) : null}
        {children}
      </div>
    </div>
  );
}

/**
 * Focus on the element once it is on the page: after a client-side submission the summary or message
 * mounts and takes focus (scrolled into view), as the `autofocus` attribute does on a server-rendered page.
 */
function useFocusOnArrival<T extends HTMLElement>(focus: boolean) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return ref;
}

/** A form's success, beside the form, where the person pressed the button; focused so it is read out. */
export function SuccessMessage({
  children,
  id = 'form-success',
  focus = true,
}: {
  children: ReactNode;
  id?: string;
  focus?: boolean;
}) {
  const ref = useFocusOnArrival<HTMLDivElement>(focus);
  if (children === null || children === undefined || children === '' || children === false) return null;
  return (
    <div className="success-message" id={id} ref={ref} tabIndex={-1} autoFocus={focus}>
      <div role="status">{typeof children === 'string' ? <p>{children}</p> : children}</div>
    </div>
  );
}

/** What an action answers about one form: its problems, its field errors, or its success. */
export type FormResult = {
  /** Which form on the page the result belongs to (the submit button's `intent`). */
  intent?: string | undefined;
  errors?: readonly string[] | undefined;
  fieldErrors?: FieldErrors | undefined;
  message?: string | undefined;
  /** When the success happened: a second identical success still clears the form (see formKey). */
  at?: number | undefined;
};

/**
 * The messages at the top of one form: shown only when the result is this form's (`intent` matches, or
 * the page has one form), so a page with many forms shows each answer beside the form that was sent.
 */
export function FormMessages({
  result,
  intent,
  errorTitle,
  id,
}: {
  result: FormResult | null | undefined;
  intent?: string;
  errorTitle?: ReactNode;
  id?: string;
}) {
  if (!result || (intent !== undefined && result.intent !== intent)) return null;
  const items = errorItems(result.errors, result.fieldErrors);
  const base = id ?? (intent ? `${intent}-result` : 'form-result');
  if (items.length) return <ErrorSummary title={errorTitle} items={items} id={`${base}-errors`} />;
  return <SuccessMessage id={`${base}-ok`}>{result.message}</SuccessMessage>;
}

/**
 * A key for a form that changes after each success, so React remounts it and its fields come back empty
 * (with scripts off the server's fresh page is empty anyway). Errors keep the key: the typed values stay.
 */
export function formKey(result: FormResult | null | undefined, intent?: string): string {
  const mine = result && (intent === undefined || result.intent === intent);
  return mine && result.message && errorItems(result.errors, result.fieldErrors).length === 0
    ? `done-${result.at ?? result.message}`
    : 'form';
}
