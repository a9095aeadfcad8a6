/**
 * The e2e web server: the mail sink on E2E_SMTP_PORT, then Reprise itself with SMTP_URL pointing
 * at it, so the relay delivers every email there exactly as it would to a real SMTP server.
 */
import { startMailSink } from './mail-sink.ts';

const port = Number(process.env.E2E_SMTP_PORT);
await startMailSink(port, process.env.E2E_MAIL_DIR!);
process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
await import('../../server/main.ts');
