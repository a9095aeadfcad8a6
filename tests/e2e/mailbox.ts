import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';

/** One message the sink received: its recipients, subject and decoded plain-text body. */
export type Mail = { file: string; to: string; subject: string; text: string };

const decodeQuotedPrintable = (s: string) =>
  Buffer.from(
    s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1'
  ).toString('utf8');

function decodeBody(headers: string, body: string): string {
  const cte = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  if (cte === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

const decodeWords = (s: string) =>
  s.replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' '))
  );

/** Parses a raw message: the text/plain part (or the only part), decoded. */
function parse(file: string, raw: string): Mail {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const to = /^X-Envelope-To: (.*)$/m.exec(headers)?.[1] ?? '';
  const subject = decodeWords(/^Subject: (.*)$/im.exec(headers)?.[1] ?? '').replace(/\?=\s+=\?/g, '');
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(headers)?.[1];
  if (!boundary) return { file, to, subject, text: decodeBody(headers, body) };
  for (const part of body.split(`--${boundary}`)) {
    const i = part.indexOf('\r\n\r\n');
    if (i < 0) continue;
    const partHeaders = part.slice(0, i);
    if (/content-type:\s*text\/plain/i.test(partHeaders)) return { file, to, subject, text: decodeBody(partHeaders, part.slice(i + 4)) };
  }
  return { file, to, subject, text: '' };
}

/** Every message received so far, oldest first. */
export function allMail(): Mail[] {
  const dir = process.env.E2E_MAIL_DIR!;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => parse(f, readFileSync(join(dir, f), 'utf8')));
}

/** The names of the messages received so far, to wait for a newer one. */
export const mailSeen = (): Set<string> => new Set(allMail().map((m) => m.file));

/** Waits for a new message to `to` with a one-time link to `path` (as `/account/password`), and answers that link. */
export async function waitForLink(to: string, path: string, seen?: Set<string>): Promise<string> {
  const escaped = path.replace(/[/?]/g, '\\$&');
  const mail = await waitForMail(to, new RegExp(`${escaped}\\?token=`), seen);
  return mail.text.match(new RegExp(`https?://\\S+${escaped}\\?token=[a-z2-7]+`))![0];
}

/** Waits (the relay runs every 5 seconds) for a new message to `to` whose text matches `pattern`. */
export async function waitForMail(to: string, pattern: RegExp, seen: Set<string> = new Set()): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      () => {
        found = allMail().find((m) => !seen.has(m.file) && m.to.split(',').includes(to) && pattern.test(m.text));
        return Boolean(found);
      },
      { timeout: 30_000, intervals: [500] }
    )
    .toBe(true);
  return found!;
}
