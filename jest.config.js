/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking is `npm run typecheck`'s job; here we only transpile, for speed.
    '^.+\\.ts$': 'ts-jest',
  },
  // Each suite starts its own sandbox on port 0, so suites run in parallel safely.
  testTimeout: 20000,
};
