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
);
