/**
 * `npm run env:example`: writes .env.example from the README's configuration table (one list of
 * variables, read by people in the README and by `docker compose` from .env). With --check it only
 * says whether .env.example is current (server/config-docs.test.ts runs the same comparison).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export type ConfigVariable = { name: string; default: string; meaning: string };

/** The rows of the table under "## Configuration" in the README. */
export function configTable(readme: string): ConfigVariable[] {
  const section = readme.split(/^## Configuration$/m)[1]?.split(/^#{2,3} /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => /^\| `[A-Z_]+`/.test(line))
    .map((line) => {
      const [name, def, meaning] = line
        .split(/(?<!\\)\|/)
        .slice(1, 4)
        .map((cell) => cell.trim());
      return { name: name!.replaceAll('`', ''), default: def!.replaceAll('`', ''), meaning: meaning!.replaceAll('\\|', '|') };
    });
}

/** Words wrapped at `width`, each line starting with `# `. */
function comment(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(/\s+/)) {
    if (line.length + word.length + 1 > width && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

const HEADER = `# Reprise's settings, for \`docker compose\` (copy this file to .env) or any process manager.
# Generated from the README's configuration table by \`npm run env:example\`: edit the table, not this file.
# An empty or commented-out variable takes its default. Values with spaces need no quotes in .env.

# --- Used by compose.yaml only -------------------------------------------------------------------
# Required by compose.yaml: the password of the PostgreSQL role "reprise" (letters and digits, as it
# goes into DATABASE_URL), e.g. the output of \`openssl rand -hex 24\`.
POSTGRES_PASSWORD=
# The host port the portal answers on (compose publishes it on 127.0.0.1 only: put a reverse proxy
# in front for the world).
REPRISE_PORT=3000
# The PostgreSQL image: another one that honours the official image's variables and data directory
# (a registry mirror's copy, a pinned digest). Default: postgres:17.
# POSTGRES_IMAGE=postgres:17
# The name the portal's build is tagged with, or an image built elsewhere. Default: reprise:local.
# REPRISE_IMAGE=reprise:local

# --- Reprise (README, "Configuration") -------------------------------------------------------------
# compose.yaml sets DATABASE_URL, DATA_DIR, HOST and PORT itself. It also requires SHOP_SECRET.
`;

/** The .env.example text for these variables. */
export function envExample(variables: ConfigVariable[]): string {
  const blocks = variables.map((v) => {
    // A default computed from another variable (PUBLIC_URL's) is said in the comment only.
    const value = v.default === '–' || v.default.includes('$') ? '' : v.default;
    const set = v.name === 'SHOP_SECRET' ? `${v.name}=` : `# ${v.name}=${value}`;
    return [...comment(`${v.name}: ${v.meaning}.${v.default === '–' ? '' : ` Default: ${v.default}.`}`), set].join('\n');
  });
  return `${HEADER}\n${blocks.join('\n\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const wanted = envExample(configTable(readFileSync(`${root}README.md`, 'utf8')));
  const file = `${root}.env.example`;
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing: not current
    }
    if (current !== wanted) {
      console.error(".env.example does not match the README's configuration table: run `npm run env:example`.");
      process.exit(1);
    }
  } else {
    writeFileSync(file, wanted);
    console.log(".env.example written from the README's configuration table.");
  }
}
