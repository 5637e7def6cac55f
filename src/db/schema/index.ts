// One Postgres schema for both engines. Each domain keeps its tables in its own file here.
export * from './audit';
export * from './registry';
export * from './campaigns';
export * from './auth';
export * from './survey';
export * from './checklists';
export * from './results';
export * from './site-audit';
export * from './calendar';
export * from './council';
// ops: registry import previews awaiting confirmation
export * from './registry-imports';
export * from './voice';
export * from './security';
export * from './plans';
// background jobs (src/jobs)
export * from './jobs';
