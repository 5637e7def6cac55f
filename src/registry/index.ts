export * from './validation';
export * from './organisations';
export * from './import';
export * from './export';
