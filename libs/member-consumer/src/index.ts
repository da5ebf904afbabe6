export * from './ledger-consumer';
