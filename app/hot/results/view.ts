// What every page of the portal is rendered from: the published version being viewed and how links keep
// pointing at it.
import type { Snapshot } from '../../../src/results/snapshot';
import type { ResultVersionInfo } from '../../../src/results/versions.server';
import { ruDate } from '../../../src/results/view';

export const CONTRAST_COOKIE = 'noko_contrast';
export const ORG_FORMS: [string, string, string] = ['организация', 'организации', 'организаций'];
export const RESP_FORMS: [string, string, string] = ['ответ', 'ответа', 'ответов'];

export type View = {
  base: string;
  /** "v=N" when an older published version is viewed, else "". */
  pin: string;
  contrast: boolean;
  version: ResultVersionInfo;
  current: ResultVersionInfo;
  versions: ResultVersionInfo[];
  snapshot: Snapshot;
};

/** Appends the version pin to a link. */
export function withPin(v: View, href: string): string {
  if (!v.pin) return href;
  return href + (href.includes('?') ? '&' : '?') + v.pin;
}

export function decisionText(v: ResultVersionInfo): string {
  return v.decisionNumber
    ? `Утверждено решением общественного совета № ${v.decisionNumber} от ${ruDate(v.decisionDate)}`
    : 'Решение совета не указано';
}
