/**
 * @ledger/projections — the read side: versioned read models of every record, kept current by a
 * checkpointed catch-up subscription, rebuilt from the log on demand, and the queries of LEDGER.md
 * answered for any moment (`asOf`).
 */
export * from './log-event';
export * from './records';
export * from './codec';
export * from './tables';
export * from './folder';
export * from './storage';
export * from './read-db';
export * from './sqlite/sqlite-read-models';
export { defaultShards } from './sqlite/parallel-rebuild';
export * from './postgres/postgres-read-models';
export * from './rebuild';
export * from './history';
export * from './projector';
export * from './figures';
export * from './views';
export * from './governance-views';
export * from './cursor';
export * from './queries';
export * from './open-read-models';
