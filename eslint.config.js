// Lint rules that protect correctness, not taste: awaited promises everywhere, and workflow code
// that stays deterministic (no Node built-ins, no I/O libraries) so that replays never diverge.
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http',
  'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'timers', 'tls', 'url',
  'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.temporal/**', 'data/**', 'coverage/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'src/domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.flatMap((name) => [name, `node:${name}`]),
            '@temporalio/activity', '@temporalio/client', '@temporalio/worker', 'nodemailer', 'undici', 'luxon',
          ],
          patterns: [
            { group: ['**/activities/**', '**/src/mail/**', '**/src/temporal/**', '**/src/http/**', '**/connectors/**', '**/src/notify/**', '**/src/team/**'], message: 'workflow code is deterministic: side effects belong in activities', allowTypeImports: true },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'process'],
    },
  },
  {
    // The worker shares src/domain among journeys and freezes it; zod writes into a schema when
    // it parses, so journeys parse only with journeyValidators() (src/temporal/workflow-bundle.ts).
    files: ['workflows/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.object.name=/Schema$/]",
          message: 'a shared schema is frozen in the worker: parse with z.safeParse(journeyValidators().…, value)',
        },
        {
          selector: "CallExpression[callee.object.name='z'][callee.property.name=/parse/i] > Identifier.arguments:first-child[name=/Schema$/]",
          message: 'a shared schema is frozen in the worker: parse with z.safeParse(journeyValidators().…, value)',
        },
      ],
    },
  },
);
