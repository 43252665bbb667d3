// One jest config, one project per kind of test. globalSetup builds dist/ once, so every e2e
// test runs the same bundle Apps Script would.
const { existsSync } = require('node:fs');
const path = require('node:path');

const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }];
const project = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  roots: [`<rootDir>/test/${name}`],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': tsJest },
  ...extra,
});

module.exports = {
  globalSetup: '<rootDir>/test/helpers/global-setup.js',
  // A project whose folder does not exist yet is left out rather than failing the whole run.
  projects: ['unit', 'runtime', 'emulator', 'e2e', 'browser']
    .filter((name) => existsSync(path.join(__dirname, 'test', name)))
    .map((name) => project(name)),
  testTimeout: 60000,
};
