export * from './versions';
export * from './snapshot';
export * from './view';
export * from './public';
export { checklistEvidence, type EvidenceRecord } from './sources';
