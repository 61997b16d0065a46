// @ts-check
// Lint, including the layer rules of DESIGN.md §2 (enforced here, not by memory):
//   shared        imports nothing of ours, no node:*, no electron
//   main/core     shared only (+ node); never electron, host, electron shell, renderer, backend
//   main/host     main/core + shared; never electron, renderer source, backend
//   main/electron main/core + shared (+ electron: the only place it may be imported)
//   main/preload  shared/channels + electron
//   main/cli      main/core, main/host, shared, backend (it runs the reference backend)
//   renderer      shared only
//   backend       shared only
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const ELECTRON = {
  name: 'electron',
  message: "Only main/electron and main/preload may import 'electron' (DESIGN.md §2).",
};
const NODE_BUILTINS = { regex: '^node:', message: 'No Node built-ins in this layer (DESIGN.md §2).' };

/** @param {string} layer @param {string[]} dirs */
const forbidDirs = (layer, dirs) =>
  dirs.map((dir) => ({
    // Relative imports that climb out of the layer into `dir` (e.g. '../../main/core/x').
    regex: `^(\\.\\./)+${dir}(/|$)`,
    message: `${layer} must not import from ${dir} (DESIGN.md §2 layers).`,
  }));

/** @param {{ paths?: any[], patterns?: any[] }} r */
const restrict = (r) => ({
  'no-restricted-imports': ['error', { paths: r.paths ?? [], patterns: r.patterns ?? [] }],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'out/',
      'release/',
      'test-results/',
      'playwright-report/',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Backend strings are hostile: render as text.',
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict({
      paths: [ELECTRON],
      patterns: [NODE_BUILTINS, ...forbidDirs('shared', ['main', 'renderer', 'backend', 'test'])],
    }),
  },
  {
    files: ['main/core/**/*.ts'],
    rules: restrict({
      paths: [ELECTRON],
      patterns: forbidDirs('main/core', ['host', 'electron', 'preload', 'cli', 'renderer', 'backend']),
    }),
  },
  {
    files: ['main/host/**/*.ts'],
    rules: restrict({
      paths: [ELECTRON],
      patterns: forbidDirs('main/host', ['electron', 'preload', 'cli', 'renderer', 'backend']),
    }),
  },
  {
    files: ['main/electron/**/*.ts'],
    rules: restrict({ patterns: forbidDirs('main/electron', ['host', 'cli', 'renderer', 'backend']) }),
  },
  {
    files: ['main/preload/**/*.ts'],
    rules: restrict({
      patterns: [
        NODE_BUILTINS,
        ...forbidDirs('main/preload', ['core', 'host', 'cli', 'renderer', 'backend']),
      ],
    }),
  },
  {
    files: ['main/cli/**/*.ts'],
    rules: restrict({
      paths: [ELECTRON],
      patterns: forbidDirs('main/cli', ['electron', 'preload', 'renderer']),
    }),
  },
  {
    files: ['backend/**/*.ts'],
    rules: restrict({ paths: [ELECTRON], patterns: forbidDirs('backend', ['main', 'renderer']) }),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict({
      paths: [ELECTRON],
      patterns: [NODE_BUILTINS, ...forbidDirs('renderer', ['main', 'backend'])],
    }),
  },
);
