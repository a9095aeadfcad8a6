import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

/**
 * Capability folders of the server: the HTTP plumbing under server/http must not reach into them.
 * Every folder of server/ but the plumbing itself (http/) and the database (db/), read from the disk
 * so a new capability is covered the day it is added.
 */
const capabilities = readdirSync(new URL('./server/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !['http', 'db'].includes(entry.name))
  .map((entry) => entry.name);

export default ts.config(
  { ignores: ['build/', 'dist/', '.svelte-kit/', 'node_modules/', 'data/', 'src/lib/paraglide/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // No `paths.base` is configured: every link is already an absolute same-site path.
      'svelte/no-navigation-without-resolve': 'off'
    }
  },
  {
    // One function, one screen: a longer one is a list of named steps waiting to be written (docs/architecture.md).
    // Tests, the demo seed and the bench's data seed are long lists of data, not logic.
    files: ['server/**/*.ts', 'shared/**/*.ts', 'src/**/*.ts', 'src/**/*.svelte', 'bench/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['**/*.test.ts', 'server/db/seed-demo.ts', 'bench/seed.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 70, skipBlankLines: true, skipComments: true }] }
  },
  {
    // Tests read arbitrary JSON answers.
    files: ['tests/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } }
  },
  {
    // Imports run one way: request plumbing knows nothing of the capabilities built on it.
    files: ['server/http/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: capabilities.map((c) => `../${c}/*`), message: 'server/http must not import from a capability folder.' }] }
      ]
    }
  },
  {
    // The SPA may use the server's types (the typed client), never its code.
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/*', '**/server/**'], allowTypeImports: true, message: 'The SPA imports only types from the server.' }
          ]
        }
      ]
    }
  },
  {
    // Pure modules shared by both sides import nothing from either side.
    files: ['shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**', '**/src/**', '$lib/*'], message: 'shared/ is pure: no server or SPA imports.' }] }
      ]
    }
  }
);
