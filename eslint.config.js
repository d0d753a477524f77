import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

// Enforces DESIGN.md's layer table: each folder may import only what the table allows,
// and no file takes part in an import cycle.

const NODE = { regex: '^(node:.*|fs|path|os|child_process|crypto|http|https|net|url|util|events|stream|worker_threads)$', message: 'Node built-ins are not allowed in this layer.' };
const ELECTRON = { group: ['electron'], message: 'electron is only for src-main/app and src-main/preload.' };
const REACT = { group: ['react', 'react-dom', 'react-dom/*', 'recharts'], message: 'React belongs to src-renderer.' };
const RENDERER = { group: ['**/src-renderer/**'], message: 'Nothing imports the renderer.' };
const MAIN = { group: ['**/src-main/**'], message: 'This layer must not import src-main.' };
const NATIVE = { group: ['node-llama-cpp'], message: 'Only the probe worker (and models metadata readers in src-main) may import node-llama-cpp.' };

const restrict = (...patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'dist/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } }, 'import-x/extensions': ['.ts', '.tsx', '.js'] },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src-shared/**'],
    rules: { 'no-restricted-imports': restrict(NODE, ELECTRON, REACT, RENDERER, MAIN, NATIVE, { group: ['systeminformation', '@huggingface/gguf'], message: 'src-shared is pure.' }) },
  },
  {
    files: ['src-main/**'],
    ignores: ['src-main/app/**', 'src-main/preload/**'],
    rules: { 'no-restricted-imports': restrict(ELECTRON, REACT, RENDERER) },
  },
  {
    files: ['src-main/app/**'],
    rules: { 'no-restricted-imports': restrict(REACT, RENDERER, { group: ['node-llama-cpp'], message: 'No native inference in the Electron main process.' }) },
  },
  {
    files: ['src-main/probe-worker/**'],
    rules: { 'no-restricted-imports': restrict(ELECTRON, REACT, RENDERER, { group: ['**/src-main/app/**', '**/src-main/ipc/**', '**/src-main/headless/**', '**/src-main/probe/**'], message: 'The worker imports only src-shared and small pure helpers.' }) },
  },
  {
    files: ['src-main/preload/**'],
    rules: { 'no-restricted-imports': restrict(NODE, REACT, RENDERER, NATIVE, { regex: '^\\.\\./(?!\\.\\./src-shared/)', message: 'The preload imports only electron and src-shared.' }) },
  },
  {
    files: ['src-renderer/**'],
    rules: { 'no-restricted-imports': restrict(NODE, ELECTRON, MAIN, NATIVE, { group: ['systeminformation'], message: 'The renderer runs in a browser.' }) },
  },
);
