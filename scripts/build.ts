/**
 * `npm run build`: the SPA (vite build → build/), the server bundle (→ dist/server/) and, unless
 * DATABASE_URL is set, the embedded database template. With --if-changed (what `npm start` runs),
 * the SPA and the bundle are rebuilt only when their sources differ from the hash stamped by the
 * last build, so a restart costs nothing. The build is quiet: one line per part, the tools' own output
 * only when they fail (or with --verbose), so the demo accounts `npm start` prints are not buried.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasPgliteTemplate } from '../server/db/pglite-template.ts';
import { bundleServer, serverBundleDir } from './bundle-server.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const stampFile = join(root, 'dist', 'sources.json');

type Part = { name: string; sources: string[]; output: string; build: () => Promise<void> | void };

const parts: Part[] = [
  {
    name: 'spa',
    sources: [
      'src',
      'static',
      'messages',
      'shared',
      'project.inlang/settings.json',
      'svelte.config.js',
      'vite.config.ts',
      'tsconfig.json',
      'package-lock.json'
    ],
    output: join(root, 'build', '200.html'),
    build: () => runQuietly([join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'])
  },
  {
    name: 'server',
    // messages/: the server reads the SPA's credit sentences (server/outbound/credit-words.ts).
    sources: ['server', 'shared', 'messages', 'scripts/bundle-server.ts', 'package-lock.json'],
    output: join(serverBundleDir, 'main.js'),
    build: bundleServer
  }
];

const verbose = process.argv.includes('--verbose');

/** Runs a node script; its output is shown only if it fails (then the build stops) or with --verbose. */
function runQuietly(args: string[]): void {
  if (verbose) {
    execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
    return;
  }
  try {
    execFileSync(process.execPath, args, { cwd: root, stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    process.stderr.write(`${stdout ?? ''}${stderr ?? ''}`);
    console.error('The build failed (its output is above).');
    process.exit(1);
  }
}

/** Generated while building, so not a source (hashing it would make every build stale). */
const GENERATED = ['src/lib/paraglide'];

/** A hash of every file's path and content under the sources, in a stable order. */
function hashSources(sources: string[]): string {
  const hash = createHash('sha256');
  const visit = (rel: string) => {
    if (GENERATED.includes(rel)) return;
    const path = join(root, rel);
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(`${rel}/${entry}`);
    } else {
      hash.update(rel).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  sources.forEach(visit);
  return hash.digest('hex');
}

function readStamps(): Record<string, string> {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return {};
  }
}

const ifChanged = process.argv.includes('--if-changed');
const stamps = readStamps();
for (const part of parts) {
  const hash = hashSources(part.sources);
  if (ifChanged && stamps[part.name] === hash && existsSync(part.output)) continue;
  console.log(`building the ${part.name}${ifChanged ? ' (its sources changed since the last build)' : ''}`);
  await part.build();
  // Stamped after each part, so an interrupted build redoes only what did not finish.
  stamps[part.name] = hash;
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(stampFile, `${JSON.stringify(stamps, null, 2)}\n`);
}

// Made once per set of migrations; after that a new embedded data directory is a copy of it.
if (!process.env.DATABASE_URL && !hasPgliteTemplate(join(root, 'drizzle'))) {
  console.log('preparing the embedded database template');
  const { preparePgliteTemplate } = await import('../server/db/client.ts');
  await preparePgliteTemplate();
}
