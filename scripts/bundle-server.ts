import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Where `npm start` runs the server from (outside build/, which is served to browsers). */
export const serverBundleDir = `${root}dist/server`;

/**
 * Packages that load files sitting beside their own code (PGlite's .wasm/.data, argon2's and sharp's native
 * binding) stay in node_modules; everything else is bundled, so the process no longer resolves
 * hundreds of modules (drizzle-orm's 179 KB package.json alone was re-parsed into ~80 MB of garbage).
 */
const external = [/^@electric-sql\/pglite/, /^@node-rs\/argon2/, /^sharp$/, /^@img\//];

/** Each bundled module keeps its own location: `import.meta.url` becomes its original file's URL, relative to the bundle. */
function keepModuleUrls(): Plugin {
  return {
    name: 'reprise-keep-module-urls',
    transform(code, id) {
      if (!code.includes('import.meta.url')) return null;
      const fromBundle = relative(serverBundleDir, id).split('\\').join('/');
      return code.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`);
    }
  };
}

/** Bundles server/main.ts into dist/server/ (one entry, plus chunks for what it imports lazily). */
export async function bundleServer(): Promise<void> {
  const { build } = await import('rolldown');
  await build({
    input: `${root}server/main.ts`,
    platform: 'node',
    external,
    plugins: [keepModuleUrls()],
    logLevel: 'warn',
    output: { dir: serverBundleDir, format: 'esm', entryFileNames: 'main.js', chunkFileNames: '[name]-[hash].js', cleanDir: true }
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await bundleServer();
  console.log(`server bundled into ${relative(process.cwd(), serverBundleDir)}/`);
}
