import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Prints `message` on stderr and exits 1: a command's refusal. */
export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/**
 * Every command's arguments, read one way: `--help` / `-h` prints `usage` on stdout and exits 0; an
 * unknown flag, or a flag's bad value, prints why and `usage` on stderr and exits 1.
 */
export function commandArgs<O extends Options>(usage: string, options: O) {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, strict: true, options: { ...options, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    fail(`${(err as Error).message}\n\n${usage}`);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed;
}
