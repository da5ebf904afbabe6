export * from './dedup-store';
export * from './event-gate';
export * from './ledger-consumer';
export * from './ledger-http';
export * from './topics';
export * from './witness';
export * from './witness-runner';
export * from './witness-state';
