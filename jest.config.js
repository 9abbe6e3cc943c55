/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking is `npm run typecheck`'s job; here we only transpile, for speed.
    '^.+\\.ts$': 'ts-jest',
  },
  // Jest's default (cores - 1) runs one file at a time on 2 cores, while suites wait on I/O too.
  maxWorkers: '100%',
  // Suite-wide: no secret in any log or error message, no request outside loopback (test/support/setup).
  setupFilesAfterEnv: ['<rootDir>/test/support/setup/suite-guards.ts'],
  globalSetup: '<rootDir>/test/support/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/setup/global-teardown.ts',
  // Each suite starts its own sandbox on port 0, so suites run in parallel safely.
  testTimeout: 20000,
  // zapier-platform-core exits the process after 250 runs when its RSS passes 450 MB (its memory
  // checker, as on Zapier's workers); the hook burst test makes 1,000 runs, so a worker that grew
  // past this is replaced between files.
  workerIdleMemoryLimit: '200MB',
};
