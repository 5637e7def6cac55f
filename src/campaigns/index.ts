export * from './campaigns';
export * from './calendar';
export * from './dates';
export * from './periodicity';
export * from './policies';
