export * from './dedup-store';
export * from './event-gate';
export * from './ledger-consumer';
