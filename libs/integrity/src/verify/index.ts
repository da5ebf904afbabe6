export * from './verify-log';
export * from './event-sources';
export * from './member-signature-check';
