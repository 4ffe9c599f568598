import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';

/**
 * One check every route of both apps passes, whatever its schema says (or forgets to say): no NUL
 * character in any string (PostgreSQL cannot store one, no legitimate value holds one), no number
 * beyond ±(2^53 − 1), no array longer than `maxItems`, no object with more than `maxKeys` keys, nothing
 * nested deeper than `maxDepth`. It walks the path params, query, body and headers once, after schema
 * validation and type coercion (so `?offset=9223372036854775808` is seen as the number it became) and
 * before the handler, iteratively (a 4,500-deep body cannot overflow the stack here). A violation is a
 * 400 `{type: 'VALIDATION_ERROR', message}` naming the field, never the value.
 */
export interface InputLimits {
  maxDepth: number;
  maxItems: number;
  maxKeys: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = { maxDepth: 32, maxItems: 1000, maxKeys: 1000 };

const invalid = (field: string, what: string) => new HttpError(400, 'VALIDATION_ERROR', `${field} ${what}`);

/** A dotted field name for messages (`body.items.3.code`); odd keys are not echoed. */
function fieldName(path: readonly (string | number)[]): string {
  return path.map((p) => (typeof p === 'number' || /^[A-Za-z0-9_-]{1,64}$/.test(p) ? String(p) : '?')).join('.');
}

/** The first violation in `value` (named from `root`), or undefined. */
export function inputViolation(root: string, value: unknown, limits: InputLimits = DEFAULT_INPUT_LIMITS): HttpError | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [root] }];
  while (stack.length) {
    const { value: v, path } = stack.pop() as { value: unknown; path: (string | number)[] };
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return invalid(fieldName(path), 'must not contain NUL characters');
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER) return invalid(fieldName(path), 'is out of range');
    } else if (v !== null && typeof v === 'object') {
      // A raw body (a route's own buffer parser, e.g. a CSV upload) is bytes, not a JSON tree: the route checks it.
      if (ArrayBuffer.isView(v)) continue;
      if (path.length > limits.maxDepth) return invalid(fieldName(path.slice(0, 4)), `is nested more than ${limits.maxDepth} levels deep`);
      if (Array.isArray(v)) {
        if (v.length > limits.maxItems) return invalid(fieldName(path), `must have at most ${limits.maxItems} items`);
        for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
      } else {
        const keys = Object.keys(v);
        if (keys.length > limits.maxKeys) return invalid(fieldName(path), `must have at most ${limits.maxKeys} properties`);
        for (const k of keys) {
          if (k.includes('\u0000')) return invalid(fieldName(path), 'must not have a property name with NUL characters');
          stack.push({ value: (v as Record<string, unknown>)[k], path: [...path, k] });
        }
      }
    }
  }
  return undefined;
}

/** Every part of a request that reaches a handler. */
export function requestViolation(req: FastifyRequest, limits: InputLimits = DEFAULT_INPUT_LIMITS): HttpError | undefined {
  return (
    inputViolation('params', req.params, limits) ??
    inputViolation('query', req.query, limits) ??
    inputViolation('headers', req.headers, limits) ??
    inputViolation('body', req.body, limits)
  );
}

/** Installs the check on `app` (server-kit's createServer does, for every route of both apps). */
export function registerInputLimits(app: FastifyInstance, limits: InputLimits = DEFAULT_INPUT_LIMITS): void {
  app.addHook('preHandler', async (req) => {
    const violation = requestViolation(req, limits);
    if (violation) throw violation;
  });
}
