export * from './signed-note';
export * from './cosignature';
export * from './witness-policy';
