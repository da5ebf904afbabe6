export * from './commands';
export * from './events';
export * from './state';
export { decide, collaborativeIdFor, meetingResolutionField, type MeetingContext } from './decide';
export { evolve } from './evolve';
export * from './decider';
