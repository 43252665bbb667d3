// Lint: type-aware for src/, and Apps Script's missing globals forbidden in server code so that a
// `URL` or `setTimeout` that Node tolerates fails here instead of in production.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const MISSING_IN_APPS_SCRIPT = [
  'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'fetch', 'setTimeout', 'setInterval',
  'clearTimeout', 'clearInterval', 'atob', 'btoa', 'crypto', 'structuredClone', 'FormData', 'Blob',
  'File', 'ReadableStream', 'WritableStream', 'DOMException', 'window', 'navigator', 'performance',
  'process', 'require', 'Buffer', 'queueMicrotask',
].map((name) => ({ name, message: `Apps Script's V8 runtime has no ${name}.` }));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.playground-data/**', 'test-artifacts/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/sidebar/**'],
    rules: {
      'no-restricted-globals': ['error', ...MISSING_IN_APPS_SCRIPT],
      'no-restricted-syntax': ['error',
        { selector: 'PropertyDefinition[key.type="PrivateIdentifier"]', message: 'Apps Script rejects #private fields.' },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...MISSING_IN_APPS_SCRIPT,
        ...['SpreadsheetApp', 'UrlFetchApp', 'PropertiesService', 'CacheService', 'LockService', 'ScriptApp',
          'HtmlService', 'Utilities', 'Session', 'Logger', 'OAuth2'].map((name) => ({ name, message: `core stays pure: reach ${name} through a port in src/gas.` }))],
    },
  },
  {
    files: ['emulators/**/*.ts', 'playground/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
);
