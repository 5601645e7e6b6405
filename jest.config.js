// One Jest run for the whole workspace. Two projects:
// - unit: pure, fast tests (*.spec.ts) that need no servers;
// - integration: *.int.spec.ts and *.e2e.spec.ts, which get a real Kafka broker and a real
//   PostgreSQL from the harness in libs/testing. Its global setup runs once per Jest run, and
//   only when at least one integration test is selected.
const { pathsToModuleNameMapper } = require('./scripts/jest-paths');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const shared = {
  testEnvironment: 'node',
  // ESM-only dependencies are compiled to CommonJS for Jest's module runtime (Node itself loads
  // them through require(esm)).
  transform: { '^.+\\.ts$': swc, '^.+/node_modules/(@marcbachmann/cel-js|jose)/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@marcbachmann/cel-js|jose)/)'],
  moduleNameMapper: pathsToModuleNameMapper(),
  roots: ['<rootDir>/libs', '<rootDir>/services'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['**/*.int.spec.ts', '**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
      testTimeout: 60_000,
    },
  ],
};
