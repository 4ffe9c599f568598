import { ErrorSchema } from '../errors.ts';
import { API_KEY_SECURITY } from './plugin.ts';

/** Error responses every authenticated operation can give, for the OpenAPI document. */
export const AUTH_ERRORS = {
  400: { description: 'Malformed input', ...ErrorSchema },
  401: { description: 'Missing, malformed, unknown, revoked or expired API key', ...ErrorSchema },
  403: { description: 'The key lacks the scope this operation requires', ...ErrorSchema },
  404: { description: 'Not found (or belongs to another company)', ...ErrorSchema },
  429: { description: 'Rate limited; see Retry-After', ...ErrorSchema },
} as const;

export function operation(tag: string, summary: string, extra: Record<string, unknown> = {}) {
  return { tags: [tag], summary, security: API_KEY_SECURITY, ...extra };
}
