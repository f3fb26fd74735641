// Vite builds the UI into web/dist, which the urbangrid binary serves (no other web server).
// Preact's JSX goes through esbuild (no Babel); `npm run dev` proxies the API to a local server.
import { defineConfig } from 'vite';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      output: {
        // The map library in a cacheable chunk of its own; the charts' (echarts) is imported on first use.
        manualChunks: { leaflet: ['leaflet'] },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' } },
});
