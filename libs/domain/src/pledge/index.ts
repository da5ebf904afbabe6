export * from './commands';
export * from './events';
export * from './state';
export * from './figures';
export { decide, collaborativeIdFor, type PledgeContext } from './decide';
export { evolve } from './evolve';
export * from './decider';
