export * from './envelope';
export * from './event-hash';
export * from './merkle';
export * from './checkpoint';
export * from './proofs';
export * from './verify';
export * from './member-signature';
export * from './note';
