export * from './signing-key';
export * from './checkpoint';
