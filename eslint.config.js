// Typed ESLint for TypeScript and Astro files; `npm run check` runs it with --max-warnings 0.
import eslintPluginAstro from 'eslint-plugin-astro';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.astro/', 'node_modules/', '.data/', 'playwright-report/', 'test-results/'] },
  ...tseslint.configs.strictTypeChecked,
  ...eslintPluginAstro.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.astro'],
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Nothing outside src/config.ts reads the environment (tests and tool configs excepted below).
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config.ts.' },
      ],
    },
  },
  {
    files: [
      'src/config.ts',
      'scripts/serve.ts',
      // The benchmark starts servers with their own settings in the environment.
      'scripts/bench-http.ts',
      'scripts/bench-soak.ts',
      // The OpenAPI lint runs Redocly with its telemetry and update check switched off.
      'scripts/openapi-lint.ts',
      'tests/**',
      'astro.config.mjs',
      'playwright.config.ts',
      'eslint.config.js',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // The Astro parser takes a project, not the project service.
    files: ['**/*.astro'],
    languageOptions: { parserOptions: { projectService: false, project: './tsconfig.json' } },
  },
  {
    // Tests index into data they have just built; a failed lookup fails the test anyway.
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
