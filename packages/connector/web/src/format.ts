import type { ConnectErrorClass } from '@latchkey/connector/connections/errors.ts';
import type { VisibleState } from '@latchkey/connector/connections/states.ts';
import type { ConnectStep } from './api.ts';

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export const formatDateTime = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : '—');

/** "just now", "3 minutes ago", "in 2 hours". */
export function relative(iso: string, now = Date.now()): string {
  const diff = Date.parse(iso) - now;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat('en-GB', { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  for (const [unit, ms] of units) if (abs >= ms * 0.95) return rtf.format(Math.round(diff / ms), unit);
  return diff >= 0 ? 'in under a minute' : 'just now';
}

export type Tone = 'ok' | 'warn' | 'bad' | 'muted' | 'info';

export const STATE_LABEL: Record<VisibleState, { label: string; tone: Tone }> = {
  connected: { label: 'Connected', tone: 'ok' },
  degraded: { label: 'Connection problems', tone: 'warn' },
  needs_reconnect: { label: 'Needs a new key', tone: 'bad' },
  disconnected: { label: 'Disconnected', tone: 'muted' },
  uninstalled: { label: 'Uninstalled', tone: 'muted' },
};

export const stepLabels = (platform: string): Record<ConnectStep, string> => ({
  format: 'Checking the key’s format',
  contact: `Contacting ${platform}`,
  company: 'Confirming your company',
  permissions: 'Checking permissions',
  save: 'Saving the key securely (encrypted)',
  activate: 'Activating the integration',
});

/** A short headline per error class; the server's message and action follow it. */
export const errorTitle = (c: ConnectErrorClass | string, platform: string): string => {
  switch (c) {
    case 'malformed_key':
      return 'That doesn’t look like a complete API key';
    case 'invalid_key':
      return 'The API key was not accepted';
    case 'missing_scopes':
      return 'The API key is missing permissions';
    case 'wrong_company':
      return 'This key belongs to a different company';
    case 'platform_unavailable':
      return `${platform} could not be reached`;
    case 'rate_limited':
      return 'Too many requests right now';
    default:
      return 'Something went wrong';
  }
};

/** Plain names for the platform's permission scopes. */
export function scopeLabel(scope: string): string {
  const [resource = scope, action = ''] = scope.split(':');
  const what = resource.replaceAll('-', ' ');
  return action === 'read' ? `Read ${what}` : action === 'write' ? `Change ${what}` : scope;
}
