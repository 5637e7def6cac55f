// Public API of the site auditor.
export { auditSite, auditSiteWithStats, normaliseUrl, type AuditOptions, type AuditStats } from './audit.server';
export { Fetcher, USER_AGENT, type FetcherOptions, type FetchResult } from './fetcher.server';
export { decodeHtml } from './decode.server';
export { parsePage, type ParsedPage, type MarkedTag } from './page.server';
export { monitorCount, monitorSees, type MonitorCount } from './monitor';
export { RULESETS, selectRuleset, itemApplies, sectionApplies, type RuleSet, type SectionRule, type ItemRule } from './rules/index';
export { toJson, renderText } from './report';
export { runBulkAudit, progressLine, type BulkProgress, type BulkRunOptions } from './job.server';
export { MemoryAuditStore, type AuditStore, type AuditTarget, type AuditRunInfo, type StoredResult, type ReportDiff, type BulkAuditSettings, type RunStatus } from './store';
export { diffReports } from './diff';
export * from './types';
