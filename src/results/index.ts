export * from './versions.server';
export * from './snapshot';
export * from './view';
export * from './public.server';
export { checklistEvidence, type EvidenceRecord } from './sources.server';
