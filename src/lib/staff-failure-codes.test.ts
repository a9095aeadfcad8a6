import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

/** The error codes the server's sources can answer with (`new ApiError(4xx, 'code'…)`, `refusal(…)`, `errorBody('code'…)`). */
function codesIn(path: string): string[] {
  const full = join(root, path);
  if (statSync(full).isDirectory()) return readdirSync(full).flatMap((f) => (f.endsWith('.test.ts') ? [] : codesIn(join(path, f))));
  if (!path.endsWith('.ts')) return [];
  const text = readFileSync(full, 'utf8');
  return [...text.matchAll(/(?:ApiError|refusal)\(\d+, '([a-z_]+)'|errorBody\('([a-z_]+)'/g)].map((m) => (m[1] ?? m[2])!);
}

// What staff can meet: the return, staff, settings and withdrawal capabilities, and the request
// plumbing every call goes through. (Sign-in has its own page; the integrations answer the shop.)
const STAFF_FACING = ['server/returns', 'server/staff', 'server/settings', 'server/withdrawals', 'server/http', 'server/app.ts'];

describe('the staff screen’s words for the server’s errors', () => {
  it('cover every code the staff screen can meet, so none shows the server’s English on a French screen', () => {
    const failure = readFileSync(join(root, 'src/lib/failure.ts'), 'utf8');
    const map = failure.slice(failure.indexOf('const STAFF_CODE_TEXT'), failure.indexOf('};', failure.indexOf('const STAFF_CODE_TEXT')));
    const mapped = new Set([...map.matchAll(/^\s+([a-z_]+): m\./gm)].map((m) => m[1]!));
    const codes = new Set(STAFF_FACING.flatMap(codesIn));
    // invalid_request is worded from its fields (staffFailureText).
    codes.delete('invalid_request');
    expect(codes.size).toBeGreaterThan(30);
    expect([...codes].filter((c) => !mapped.has(c)).sort()).toEqual([]);
  });
});
