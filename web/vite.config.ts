import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// BASE_PATH is a build-time setting (SvelteKit bakes `paths.base` into links and asset URLs): a stage
// served without a custom domain sits under its API Gateway stage name, e.g. `/dev`.
const base = process.env.BASE_PATH ?? '';

export default defineConfig({
  plugins: [
    sveltekit({
      adapter: adapter({ out: 'build', precompress: true }),
      paths: { base: base as '' | `/${string}`, relative: false },
    }),
  ],
  // The print page's island is bundled like a worker (`?worker&url`) but runs as a module script in the
  // page: ES format lets it import OpenSeadragon as a separate chunk, fetched only when Zoom is pressed.
  worker: { format: 'es' },
  build: {
    // The per-plugin timing report is noise in `pnpm dev`'s output.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: {
    // With `vite dev` beside `pnpm dev`, the browser's same-origin /v1 calls (search suggestions) reach the API.
    proxy: { '/v1': process.env.API_BASE_URL ?? 'http://localhost:3000' },
  },
});
