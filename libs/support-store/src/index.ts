export * from './support-store.port';
export * from './sqlite-support-store';
export * from './postgres-support-store';
export * from './open-support-store';
export * from './notification-store.port';
export * from './sqlite-notification-store';
export * from './postgres-notification-store';
