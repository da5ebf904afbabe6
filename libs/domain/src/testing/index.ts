export * from './decider-specification';
export * from './context';
export * from './fixtures';
export * from './refusal';
