export * from './postgres-event-store';
export * from './postgres-migrations';
export * from './postgres-connection';
export * from './postgres-leader-lock';
