export * from './hash';
export * from './compact-range';
export * from './merkle-tree';
export * from './verify-proof';
