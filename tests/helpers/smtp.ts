/** A real SMTP sink for tests that read what a mail client would show (not a test file itself). */
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';

export type SunkMail = { to: string[]; raw: string };

export async function startSmtpSink() {
  const received: SunkMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (d: Buffer) => chunks.push(d));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('latin1') });
        done();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return {
    received,
    mailer: () => createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  };
}

const fromQuotedPrintable = (s: string) =>
  Buffer.from(
    s.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1'
  ).toString('utf8');

/** The subject and the plain-text part of a raw message, decoded (quoted-printable or base64). */
export function readMail(raw: string): { subject: string; text: string } {
  const headerEnd = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, headerEnd).replace(/\r\n[ \t]+/g, ' ');
  const subjectRaw = /^Subject: (.*)$/m.exec(headers)?.[1] ?? '';
  const subject = subjectRaw
    .replace(/=\?UTF-8\?Q\?(.*?)\?=\s*/gi, (_, q: string) => fromQuotedPrintable(q.replace(/_/g, ' ')))
    .replace(/=\?UTF-8\?B\?(.*?)\?=\s*/gi, (_, b: string) => Buffer.from(b, 'base64').toString('utf8'));
  const at = raw.indexOf('Content-Type: text/plain');
  const partHeadersEnd = raw.indexOf('\r\n\r\n', at);
  const partHeaders = raw.slice(at, partHeadersEnd);
  const rest = raw.slice(partHeadersEnd + 4);
  const body = rest.slice(0, rest.search(/\r\n--/));
  const text = /base64/i.test(partHeaders)
    ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
    : /quoted-printable/i.test(partHeaders)
      ? fromQuotedPrintable(body)
      : Buffer.from(body, 'latin1').toString('utf8');
  return { subject, text: text.replace(/\r\n/g, '\n') };
}
