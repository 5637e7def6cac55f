export * from './campaigns.server';
export * from './calendar';
export * from './dates';
export * from './periodicity';
export * from './policies';
