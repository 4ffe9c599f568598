import { maskKeys } from '@latchkey/keys';
import type { FastifyServerOptions } from 'fastify';

/**
 * No key in any log line: request lines carry the path without its query string, and every line either
 * app writes, whatever field or message a key hid in (plain or base64), has it replaced by its hint.
 */

type LoggerOption = FastifyServerOptions['logger'];
interface LineStream {
  write(line: string): unknown;
}

/** The request as a log line shows it: never the query string (where clients put keys they should not). */
export function requestForLog(req: { method?: string; url?: string; host?: string; ip?: string; hostname?: string }) {
  return { method: req.method, url: maskKeys((req.url ?? '').split('?')[0] ?? ''), host: req.host, remoteAddress: req.ip };
}

/** An error as a log line shows it: type, masked message and stack, code and status; no request data. */
export function errorForLog(err: unknown) {
  if (!(err instanceof Error)) return { message: maskKeys(String(err)) };
  const e = err as Error & { code?: unknown; statusCode?: unknown };
  return {
    type: e.name,
    message: maskKeys(e.message),
    stack: e.stack ? maskKeys(e.stack) : undefined,
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.statusCode !== undefined ? { statusCode: e.statusCode } : {}),
  };
}

/** `stream` with every line masked on its way out. */
export const maskingStream = (stream: LineStream): LineStream => ({ write: (line: string) => stream.write(maskKeys(line)) });

/** Fastify logger options with server-kit's serializers and a masking stream (stdout unless one is given). */
export function maskedLoggerOptions(logger: LoggerOption): LoggerOption {
  if (!logger) return false;
  const o = (logger === true ? {} : { ...(logger as Record<string, unknown>) }) as Record<string, unknown>;
  o.stream = maskingStream((o.stream as LineStream | undefined) ?? process.stdout);
  o.serializers = { req: requestForLog, err: errorForLog, ...(o.serializers as object | undefined) };
  return o as LoggerOption;
}

/** A copy of `value` with every string masked (errors as errorForLog shows them); walks at most `depth` levels. */
export function maskDeep(value: unknown, depth = 8): unknown {
  if (typeof value === 'string') return maskKeys(value);
  if (value instanceof Error) return errorForLog(value);
  if (value === null || typeof value !== 'object' || depth <= 0) return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth - 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth - 1);
  return out;
}

/** A pino-style logger (every method optional) whose every message and field is masked. */
export interface LoggerLike {
  debug?(obj: object, msg?: string): void;
  info?(obj: object, msg?: string): void;
  warn?(obj: object, msg?: string): void;
  error?(obj: object, msg?: string): void;
}

const MASKED = Symbol('masked');

export function maskingLogger<L extends LoggerLike>(logger: L): L {
  if ((logger as { [MASKED]?: boolean })[MASKED]) return logger;
  const wrap = (fn: ((obj: object, msg?: string) => void) | undefined) =>
    fn && ((obj: object, msg?: string) => fn.call(logger, maskDeep(obj) as object, msg === undefined ? undefined : maskKeys(msg)));
  return {
    ...logger,
    [MASKED]: true,
    debug: wrap(logger.debug),
    info: wrap(logger.info),
    warn: wrap(logger.warn),
    error: wrap(logger.error),
  } as L;
}
