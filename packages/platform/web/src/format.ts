import type { InstallationStatus, IntegrationStatus, KeyStatus } from './api.ts';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatDateTime = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : '—');

/** "in 59 minutes", "3 hours ago". */
export function relative(iso: string, now = Date.now()): string {
  const diff = Date.parse(iso) - now;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  // 59.9 minutes reads as "in 1 hour", not "in 60 minutes".
  for (const [unit, ms] of units) if (abs >= ms * 0.95) return rtf.format(Math.round(diff / ms), unit);
  return diff >= 0 ? 'in under a minute' : 'just now';
}

export const GRACE_OPTIONS = [
  { seconds: 0, label: 'None — stop it now' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86_400, label: '24 hours' },
  { seconds: 604_800, label: '7 days' },
] as const;

export const INTEGRATION_STATUS: Record<IntegrationStatus, { label: string; tone: Tone }> = {
  pending: { label: 'In review', tone: 'warn' },
  approved: { label: 'Approved', tone: 'ok' },
  rejected: { label: 'Rejected', tone: 'bad' },
};

export type Tone = 'ok' | 'warn' | 'bad' | 'muted' | 'info';

export function installationStatus(status: InstallationStatus, errorCode?: string | null): { label: string; tone: Tone; help: string } {
  switch (status) {
    case 'PENDING_INTEGRATION':
      return { label: 'Pending integration', tone: 'warn', help: 'Waiting for the key to be pasted into the integration.' };
    case 'ACTIVATED':
      return { label: 'Active', tone: 'ok', help: 'The integration validated its key and is connected.' };
    case 'AUTHORIZED':
      return { label: 'Authorized', tone: 'info', help: 'Authorized; the integration has not activated yet.' };
    case 'INACTIVE':
      return { label: errorCode ? `Inactive · ${errorCode}` : 'Inactive', tone: 'bad', help: errorHelp(errorCode) };
    default:
      return { label: errorCode ? `Error · ${errorCode}` : 'Error', tone: 'bad', help: errorHelp(errorCode) };
  }
}

function errorHelp(code?: string | null): string {
  switch (code) {
    case 'AUTH_ERROR':
      return 'The integration could not authenticate: its key may be revoked or expired. Regenerate the key and paste it again.';
    case 'NOT_ENTITLED':
      return 'Your plan does not include this integration.';
    case 'INTEGRATION_ERROR':
      return 'The integration reported an error on its side. Contact its support.';
    default:
      return 'The integration is not running.';
  }
}

export function keyStatus(status: KeyStatus, expiresAt: string | null): { label: string; tone: Tone } {
  switch (status) {
    case 'active':
      return { label: 'Active', tone: 'ok' };
    case 'expiring':
      return { label: `Expires ${relative(expiresAt ?? new Date().toISOString())}`, tone: 'warn' };
    case 'expired':
      return { label: 'Expired', tone: 'muted' };
    default:
      return { label: 'Revoked', tone: 'muted' };
  }
}

const ACTIONS: Record<string, string> = {
  'session.created': 'Signed in',
  'partner.signed_up': 'Requested partner access',
  'integration.submitted': 'Submitted an integration for review',
  'integration.approved': 'Approved an integration',
  'integration.rejected': 'Rejected an integration',
  'installation.created': 'Installed an integration',
  'installation.create.refused': 'Was refused installing an integration',
  'installation.deleted': 'Uninstalled an integration',
  'installation.delete.refused': 'Was refused uninstalling an integration',
  'installation.status_changed': 'Installation status changed',
  'key.regenerated': 'Regenerated an API key',
  'key.regenerate.refused': 'Was refused regenerating an API key',
  'key.revoked': 'Revoked an API key',
  'key.revoke.refused': 'Was refused revoking an API key',
  'key.issued': 'Issued an extra API key',
};

export const describeAction = (action: string): string => ACTIONS[action] ?? action;

export function graceLabel(seconds: number): string {
  return GRACE_OPTIONS.find((g) => g.seconds === seconds)?.label ?? `${seconds} s`;
}
