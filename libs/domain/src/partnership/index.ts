export * from './commands';
export * from './events';
export * from './state';
export { decide, collaborativeIdFor, type PartnershipContext } from './decide';
export { evolve } from './evolve';
export * from './decider';
