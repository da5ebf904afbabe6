export * from './ledger-config';
export * from './key-strength';
