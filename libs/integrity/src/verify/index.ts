export * from './verify-log';
export * from './event-sources';
