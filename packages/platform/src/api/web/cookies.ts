import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformConfig } from '../../config.ts';

/** `Secure` (and the `__Host-` name prefix) when the platform's public URL is https. */
export const isHttps = (config: PlatformConfig): boolean => config.publicUrl.startsWith('https:');

export const sessionCookieName = (config: PlatformConfig): string => (isHttps(config) ? '__Host-latchkey_session' : 'latchkey_session');

export function readSessionCookie(req: FastifyRequest, config: PlatformConfig): string | undefined {
  return req.cookies[sessionCookieName(config)];
}

export function setSessionCookie(reply: FastifyReply, config: PlatformConfig, token: string): void {
  reply.setCookie(sessionCookieName(config), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: isHttps(config),
    maxAge: Math.floor(config.sessionTtlMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, config: PlatformConfig): void {
  reply.clearCookie(sessionCookieName(config), { path: '/', httpOnly: true, sameSite: 'strict', secure: isHttps(config) });
}
