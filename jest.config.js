// One jest run covers unit specs beside the code (libs/, apps/) and the cross-app suites in test/.
// ts-jest only transpiles (isolatedModules); `npm run typecheck` is the type check.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.test.ts'],
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: 'tsconfig.spec.json' }] },
  // A few dependencies ship only ES modules (content-disposition 3, used by @fastify/static for the
  // dashboard's and the /docs page's assets). Node (22.12+, 24) require()s them natively; jest 29's
  // own module loader does not, on any Node, so jest needs them transformed to CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition)/)'],
  moduleNameMapper: {
    '^@ledger/(config|event-store|integrity|domain|support-store|member-consumer|projections)$': '<rootDir>/libs/$1/src',
    '^@ledger/(config|event-store|integrity|domain|support-store|member-consumer|projections)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
