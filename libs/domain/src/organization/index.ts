export * from './commands';
export * from './events';
export * from './state';
export { decide, type OrganizationContext } from './decide';
export { evolve } from './evolve';
export * from './decider';
