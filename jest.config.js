// One jest config, one project per kind of test. globalSetup builds dist/ once, so every e2e
// test runs the same bundle Apps Script would.
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
  projects: [project('unit'), project('runtime'), project('emulator'), project('e2e'), project('browser')],
  testTimeout: 60000,
};
