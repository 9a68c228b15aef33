import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// The C++ server serves web/dist at / and the API on the same origin.
// For `npm run dev`, proxy the API to a server (real or mock) on :8080.
const target = process.env.ENTENTE_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [preact()],
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: {
      '/api': { target, changeOrigin: true },
      '/healthz': { target, changeOrigin: true },
    },
  },
  preview: {
    proxy: {
      '/api': { target, changeOrigin: true },
      '/healthz': { target, changeOrigin: true },
    },
  },
});
