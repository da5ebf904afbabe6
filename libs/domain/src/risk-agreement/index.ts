export * from './commands';
export * from './events';
export * from './state';
export * from './settlement';
export { decide, collaborativeIdFor, type RiskAgreementContext } from './decide';
export { evolve, termsOf } from './evolve';
export * from './decider';
