// Import direction is enforced here, not in review: imports point inward only (see docs/architecture.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const adapters = ['store', 'sources', 'notify', 'http', 'web', 'cli', 'config'];
const layer = (folder, forbidden) => ({
  files: [`src/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((f) => ({
          group: [`**/${f}/*`, `**/${f}`],
          message: `src/${folder} may not import from src/${f} (imports point inward).`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  layer('domain', ['app', ...adapters, 'main']),
  layer('app', [...adapters, 'main']),
  layer('store', ['http', 'web', 'cli', 'sources', 'notify', 'main']),
  layer('sources', ['http', 'web', 'cli', 'store', 'notify', 'main']),
  layer('notify', ['http', 'web', 'cli', 'store', 'sources', 'main']),
  layer('http', ['cli', 'store', 'sources', 'notify', 'main']),
  layer('web', ['cli', 'store', 'sources', 'notify', 'main']),
  layer('net', ['app', 'store', 'http', 'web', 'cli', 'sources', 'notify', 'config', 'main']),
  layer('config', ['app', 'store', 'http', 'web', 'cli', 'sources', 'notify', 'main']),
  layer('backtest', ['store', 'http', 'web', 'cli', 'sources', 'notify', 'net', 'main']),
);
