import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config.ts';
import { SESSION_POLICY, type SessionKind } from './sessions.ts';

const BASE_NAME: Record<SessionKind, string> = { customer: 'reprise_session', staff: 'reprise_staff', order: 'reprise_order' };

/** On https the cookie gets Secure and the __Host- prefix (no Domain, Path=/). */
export function cookieName(config: Config, kind: SessionKind): string {
  return config.publicUrl.protocol === 'https:' ? `__Host-${BASE_NAME[kind]}` : BASE_NAME[kind];
}

export function readSessionCookie(c: Context, config: Config, kind: SessionKind): string | undefined {
  return getCookie(c, cookieName(config, kind));
}

export function writeSessionCookie(c: Context, config: Config, kind: SessionKind, token: string): void {
  setCookie(c, cookieName(config, kind), token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: config.publicUrl.protocol === 'https:',
    maxAge: Math.floor(SESSION_POLICY[kind].absoluteMs / 1000)
  });
}

export function clearSessionCookie(c: Context, config: Config, kind: SessionKind): void {
  deleteCookie(c, cookieName(config, kind), { path: '/', secure: config.publicUrl.protocol === 'https:' });
}
