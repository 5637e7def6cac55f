// One Postgres schema for both engines. Each domain keeps its tables in its own file here.
export * from './audit';
export * from './registry';
