export * from './commands';
export * from './events';
export * from './state';
export * from './acts';
export { decide, collaborativeIdFor, requireMayPropose, type ResolutionContext } from './decide';
export { evolve } from './evolve';
export * from './decider';
