export * from './support-store.port';
export * from './sqlite-support-store';
export * from './postgres-support-store';
export * from './open-support-store';
