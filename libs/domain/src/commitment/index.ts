export * from './commands';
export * from './events';
export * from './state';
export * from './status';
export { decide, collaborativeIdFor, type CommitmentContext } from './decide';
export { evolve } from './evolve';
export * from './decider';
