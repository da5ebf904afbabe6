export * from './event-hash';
export * from './member-signature';
