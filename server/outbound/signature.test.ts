import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from './signature.ts';

const secret = 'a-secret-of-at-least-thirty-two-chars!';
const now = new Date('2026-06-15T12:00:00Z');
const t = Math.floor(now.getTime() / 1000);

describe('Reprise-Signature', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>"> for a push, of "webhook.<t>.<body>" for a webhook', () => {
    const body = '{"number":"1042"}';
    const push = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    const webhook = createHmac('sha256', secret).update(`webhook.${t}.${body}`).digest('hex');
    expect(signatureHeader(secret, body, now, 'push')).toBe(`t=${t},v1=${push}`);
    expect(signatureHeader(secret, body, now)).toBe(`t=${t},v1=${webhook}`);
    expect(verifySignature(secret, `t=${t},v1=${push}`, body, now)).toEqual({ ok: true, t, v1: push });
  });

  it('does not take a webhook signature for a push, nor a push signature for a webhook', () => {
    const body = '{"number":"1042"}';
    expect(verifySignature(secret, signatureHeader(secret, body, now, 'webhook'), body, now)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(secret, signatureHeader(secret, body, now, 'push'), body, now, 'webhook')).toEqual({
      ok: false,
      reason: 'mismatch'
    });
    expect(verifySignature(secret, signatureHeader(secret, body, now, 'webhook'), body, now, 'webhook').ok).toBe(true);
  });

  it('verifies the raw bytes, so a BOM or a different encoding of the same text does not match', () => {
    const body = '{"name":"Chloé"}';
    const header = signatureHeader(secret, body, now, 'push');
    expect(verifySignature(secret, header, body, now).ok).toBe(true);
    expect(verifySignature(secret, header, new TextEncoder().encode(body), now).ok).toBe(true);
    expect(verifySignature(secret, header, `\uFEFF${body}`, now)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(secret, header, Buffer.from(body, 'latin1'), now)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('accepts ±5 minutes and refuses beyond', () => {
    const body = '{}';
    const at = (s: number) => new Date(now.getTime() + s * 1000);
    expect(verifySignature(secret, signatureHeader(secret, body, at(-300), 'push'), body, now).ok).toBe(true);
    expect(verifySignature(secret, signatureHeader(secret, body, at(300), 'push'), body, now).ok).toBe(true);
    expect(verifySignature(secret, signatureHeader(secret, body, at(-301), 'push'), body, now)).toEqual({ ok: false, reason: 'expired' });
    expect(verifySignature(secret, signatureHeader(secret, body, at(301), 'push'), body, now)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses malformed headers', () => {
    const v1 = 'a'.repeat(64);
    for (const header of [
      '',
      'v1',
      `v1=${v1}`,
      `t=abc,v1=${v1}`,
      `t=${t},v1=xyz`,
      `t=${t},t=${t},v1=${v1}`,
      `t=${t}`,
      `t=${t},v1=${v1.slice(2)}`
    ]) {
      expect(verifySignature(secret, header || undefined, '{}', now).ok, header).toBe(false);
    }
    expect(verifySignature(secret, undefined, '{}', now)).toEqual({ ok: false, reason: 'missing' });
  });
});
