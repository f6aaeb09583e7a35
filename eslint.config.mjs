// Lint encodes the architecture: promises are awaited, event unions are
// handled exhaustively, type-only imports stay type-only, and libs are only
// reached through their public index.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Libs are reached through their public index only (every file, and again where libs add rules). */
const LIB_BOUNDARY = {
  group: [
    '@quarry/*/*',
    '!@quarry/*/testing',
    '**/libs/*/src/*',
    '../../libs/**',
    '../../../libs/**',
  ],
  message:
    'Import a lib through its public index (@quarry/<lib>), or its test helpers through @quarry/<lib>/testing.',
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', '.quarry/**', 'coverage/**', 'bin/**', 'scripts/*.js'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [LIB_BOUNDARY],
        },
      ],
    },
  },
  {
    // Decorated Nest classes and their parameters need runtime imports for metadata.
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': [
        'error',
        {
          prefer: 'type-imports',
          fixStyle: 'separate-type-imports',
          disallowTypeAnnotations: false,
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Domain libs never reach for the composition root: it imports the migrations, which import
    // the domain libs' entities, so such an import is a cycle. Redis comes from @quarry/coordination.
    files: ['libs/**/*.ts', 'projections/**/*.ts'],
    ignores: ['libs/infrastructure/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@quarry/infrastructure',
              message:
                'Libs take what they need by injection token (REDIS from @quarry/coordination).',
            },
          ],
          patterns: [LIB_BOUNDARY],
        },
      ],
    },
  },
  {
    // Jest's global setup runs outside the module mapper and must import libs by path.
    files: ['test/harness/global-setup.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
