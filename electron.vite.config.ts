import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One build serves the desktop app, the headless CLI/web server and the probe worker:
// they all live in out/main so that the worker path is the same in every mode.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src-main/app/index.ts'),
          cli: resolve('src-main/headless/cli.ts'),
          probeWorker: resolve('src-main/probe-worker/index.ts'),
        },
        // The native binding must be loaded from node_modules at run time, never bundled.
        external: ['node-llama-cpp', 'systeminformation', '@huggingface/gguf'],
      },
    },
  },
  preload: {
    build: {
      // The sandboxed preload cannot require packages: bundle zod and the contract into it.
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src-main/preload/index.ts') },
        // A sandboxed preload cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
  },
});
