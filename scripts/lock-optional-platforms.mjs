// Re-adds to package-lock.json the optional platform packages of @lix-js/sdk that the registry
// mirror lacks, so `npm ci` accepts the lock (see docs/decisions.md). Run after `npm install`.
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const sdk = lock.packages['node_modules/@lix-js/sdk'];
if (sdk?.optionalDependencies) {
  for (const [name, version] of Object.entries(sdk.optionalDependencies)) {
    const key = `node_modules/${name}`;
    if (lock.packages[key]) continue;
    const [, os, cpu] = name.match(/sdk-(\w+)-(\w+)$/) ?? [];
    lock.packages[key] = { version, cpu: [cpu], dev: true, optional: true, os: [os] };
  }
  const entries = Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1));
  lock.packages = Object.fromEntries(entries);
  writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
}
