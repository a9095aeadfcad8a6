import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

/** `npm run dev`: the SPA on Vite with /api proxied to the one Hono process (PGlite allows one process). */
export default defineConfig({
  plugins: [
    paraglideVitePlugin({
      project: './project.inlang',
      outdir: './src/lib/paraglide',
      strategy: ['localStorage', 'preferredLanguage', 'baseLocale']
    }),
    sveltekit()
  ],
  server: {
    proxy: { '/api': `http://localhost:${process.env.PORT ?? 3000}` }
  }
});
