export * from './validation';
export * from './organisations.server';
export * from './import.server';
export * from './export.server';
