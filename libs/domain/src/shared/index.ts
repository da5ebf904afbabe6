export * from './decider';
export * from './domain-error';
export * from './dates';
export * from './validation';
export * from './event-versions';
export * from './signatory';
