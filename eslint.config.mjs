// Lint rules, including the folder zones from STYLE.md: the engine never imports electron, shared
// code imports nothing from Node or the DOM, the renderer never reaches into the main process.
// Zones between our own folders are judged on resolved paths (tools/eslint/layers.mjs).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './tools/eslint/layers.mjs';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'stream', 'url', 'util', 'events'];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'drizzle/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { facteur: layersPlugin },
    rules: { 'facteur/layers': 'error' },
  },
  {
    files: ['src/main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'src/main/core is the engine: it runs under plain Node, without Electron.' }] },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'src/shared is imported by every layer.' }],
          patterns: [
            { group: nodeBuiltins, message: 'src/shared must not use Node: the renderer imports it.' },
            { group: ['**/main/**', '**/renderer/**'], message: 'src/shared depends on nothing else in src.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main only through window.facteur.' }],
          patterns: [
            { group: ['**/main/**'], message: 'The renderer talks to main only through the IPC contract (src/shared).' },
            { group: nodeBuiltins, message: 'The renderer runs sandboxed, without Node.' },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
