export * from './commands';
export * from './events';
export * from './state';
export * from './access';
export { decide, type CollaborativeContext } from './decide';
export { evolve } from './evolve';
export * from './decider';
