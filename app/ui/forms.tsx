import type { ReactNode } from 'react';
import { ErrorMessage, Hint } from './controls';

// One kit: the controls (label, hint, error, aria-describedby) and the error summary live in their own
// modules; this one keeps the small pieces every form needs.
export {
  describedBy,
  Checkboxes,
  DateInput,
  ErrorMessage,
  FileUpload,
  Hint,
  Radios,
  Select,
  TableScroll,
  Textarea,
  TextInput,
} from './controls';
export {
  ErrorSummary,
  errorItems,
  FormMessages,
  formKey,
  SuccessMessage,
  type ErrorItem,
  type FieldErrors,
  type FormResult,
} from './error-summary';

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/**
 * Label, hint and error around a control the caller renders itself (one with unusual attributes); the
 * control must carry `aria-describedby={describedBy(id, error, hint)}`. Prefer TextInput and the others.
 */
export function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint ? <Hint id={id}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={id}>{error}</ErrorMessage> : null}
      {children}
    </div>
  );
}

/** A file as a download: the template, an export, an attached document. */
export function fileResponse(bytes: Uint8Array, fileName: string, contentType: string, inline = false): Response {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return new Response(bytes as unknown as BodyInit, {
    headers: {
      'Content-Type': contentType,
      'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
