/// <reference types="vitest/config" />
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// precompress writes name.br and name.gz beside every text asset of the build: the web server
// (cmd/web) sends them to browsers that accept them and never compresses on the fly.
function precompress(): Plugin {
  const compressible = /\.(js|css|html|svg|json|txt|map)$/;
  return {
    name: 'panther-precompress',
    apply: 'build',
    writeBundle(options) {
      const dir = options.dir ?? 'dist';
      const walk = (folder: string): string[] =>
        readdirSync(folder).flatMap((name) => {
          const file = path.join(folder, name);
          return statSync(file).isDirectory() ? walk(file) : [file];
        });
      for (const file of walk(dir)) {
        if (!compressible.test(file)) continue;
        const data = readFileSync(file);
        if (data.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

// The app is served by cmd/web, which injects the runtime configuration into index.html and
// serves dist/ with the caching rules of docs/web.md: hashed names under assets/ only.
export default defineConfig({
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    // The first page's budget is 300 KB of compressed JavaScript (measured by the browser
    // suite); each page is a chunk of its own, loaded on first visit.
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});
