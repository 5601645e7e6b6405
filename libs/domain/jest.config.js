// The domain's unit tests alone (for coverage and StrykerJS): the root "unit" project, narrowed.
const path = require('node:path');
const root = require('../../jest.config.js');

const unit = root.projects.find((p) => p.displayName === 'unit');

/** @type {import('jest').Config} */
module.exports = {
  ...unit,
  displayName: 'domain',
  rootDir: path.resolve(__dirname, '../..'),
  roots: ['<rootDir>/libs/domain'],
  collectCoverageFrom: ['libs/domain/src/**/*.ts', '!**/*.spec.ts', '!**/testing/**', '!**/index.ts'],
  coverageThreshold: { global: { lines: 90 } },
  coverageReporters: ['text-summary', 'json-summary'],
  coverageDirectory: '<rootDir>/coverage/domain',
};
