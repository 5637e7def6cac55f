// Shared types of the site auditor. Kept free of I/O so the rules, the report and the UI can share them.

// `higher` exists only for the site audit (an operator may audit a university's site from the CLI); the
// НОК methodology and the registry keep their four types.
export const ORG_TYPES = ['school', 'preschool', 'college', 'additional', 'higher'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

export const ORG_TYPE_TITLES: Record<OrgType, string> = {
  school: 'школа',
  preschool: 'детский сад',
  college: 'колледж (СПО)',
  additional: 'дополнительное образование',
  higher: 'вуз (высшее образование)',
};

export type ItemStatus = 'present' | 'empty' | 'missing' | 'legacy' | 'near-miss' | 'not-applicable';

/** What the value of a marked element is expected to look like; drives the quality checks. */
export type ValueKind = 'text' | 'date' | 'phone' | 'email' | 'doc' | 'url' | 'number' | 'any';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable machine code, e.g. `tls-untrusted`, `address-differs`, `near-miss`. */
  code: string;
  severity: Severity;
  /** Plain Russian explanation for the expert. */
  message: string;
  section?: string;
  itemprop?: string;
  /** Container of a child item (`uchredLaw` for `nameUchred`). */
  container?: string;
  url?: string;
  /** Short HTML excerpt (≤ 200 chars) proving the finding. */
  excerpt?: string;
  /** Where the requirement comes from (issue 17, item 9). */
  legal?: LegalRef | null;
  /** «Как исправить»: what to do and, for items, a correct HTML snippet. */
  fix?: Fix;
}

export interface LegalRef {
  /** Point of Приказ Рособрнадзора № 1493 (or another act), e.g. «Приказ Рособрнадзора № 1493, п. 7». */
  order: string;
  /** Section of the Рособрнадзор methodological recommendations v9.0.0, or null when they say nothing. */
  mr: string | null;
}

export interface Fix {
  text: string;
  html: string | null;
}

export interface ItemReport {
  itemprop: string;
  status: ItemStatus;
  evidence: string | null;
  /** Container the item must sit in, when it is a child tag. */
  container?: string;
  required: boolean;
  /** Layer (a): is the information there at all, marked or not. `unknown` when we have no text heuristic. */
  information: 'present' | 'not-found' | 'unknown';
  /** Layer (b): would АИС «Мониторинг» count the exact signature at the expected place. */
  monitor: boolean;
  url?: string;
  /** Found only in the DOM Chromium rendered (SITE_AUDIT_BROWSER): not in the HTML the monitor reads. */
  renderedOnly?: boolean;
  /** For `near-miss`: the token actually written and why it does not count. */
  nearMiss?: { token: string; reason: 'case' | 'typo' | 'known' | 'label' | 'outside' };
}

export interface SectionReport {
  slug: string;
  title: string;
  found: boolean;
  url: string | null;
  addressAsRecommended: boolean;
  /** How the page was located: probe of the recommended URL, link, link text, one-page layout. */
  via: 'recommended' | 'variant' | 'link-text' | 'link-href' | 'one-page' | 'none';
  applicable: boolean;
  jsOnly: boolean;
  /** A JS-only page was re-rendered in Chromium: true when that worked, false when it failed. */
  rendered?: boolean;
  items: ItemReport[];
  findings: Finding[];
}

export interface DistanceChannel {
  channel: 'telephone' | 'email' | 'electronic-service' | 'faq' | 'opinion';
  title: string;
  detected: boolean;
  evidence: string | null;
  url: string | null;
}

export interface ProposedAnswers {
  /** Site half of indicator 1.1: items with information present against the items the rules require. */
  indicator11Site: { present: number; norm: number; points: number };
  /** Indicator 1.2: channels seen on the site; "working" is for the expert to confirm. */
  indicator12: { channels: DistanceChannel[]; detected: number; points: number };
  note: string;
}

export interface TlsInfo {
  trusted: boolean;
  /** The run was made with verification switched off on the operator's explicit request. */
  insecure: boolean;
  error?: string;
}

/** A linked document as checked, with the validators a re-audit sends back (If-None-Match / If-Modified-Since). */
export interface DocumentRecord {
  url: string;
  itemprop: string;
  section: string;
  reachable: boolean;
  status: number | null;
  contentType: string;
  size: number | null;
  kind: 'pdf' | 'office' | 'signature' | 'archive' | 'image' | 'html' | 'other';
  textLayer: boolean | null;
  /** The link leads into an internal network and was not fetched (server-side audits only). */
  internal?: boolean;
  etag?: string;
  lastModified?: string;
  /** The server answered HEAD with 405/501: the next audit asks with GET straight away. */
  headRefused?: boolean;
  /** How this run learned it: a full download, headers only, a 304 against the previous audit, or the page already loaded. */
  via: 'get' | 'head' | 'not-modified' | 'page';
}

export interface AuditReport {
  url: string;
  finalUrl: string | null;
  fetchedAt: string;
  auditDate: string;
  orgType: OrgType;
  ruleset: string;
  tls: TlsInfo;
  reachable: boolean;
  sections: SectionReport[];
  summary: { present: number; required: number; informationPresent: number; pagesFetched: number };
  findings: Finding[];
  answers: ProposedAnswers;
  /** Documents checked in this run (absent in reports stored before issue 17). */
  documents?: DocumentRecord[];
}
