export * from './percent';
export * from './charter';
export * from './tally';
export * from './witnesses';
