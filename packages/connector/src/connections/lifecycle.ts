import { companyIdFromUrn } from '../client/client.ts';
import type { ConnectionService } from './service.ts';
import { isLive } from './states.ts';
import type { ConnectionView } from './store.ts';

/**
 * A platform lifecycle webhook's body (Pleo's webhook envelope `{data, eventType, eventId}`, Standard Webhooks
 * signed), once its signature has been verified by whoever received it.
 */
export interface LifecycleEvent {
  eventType: string;
  eventId?: string;
  data: {
    installationId?: string;
    applicationId?: string;
    companyId?: string;
    resource?: string;
    /** The key concerned: the revoked key (`key_revoked`) or the new key (`key_regenerated`, `created`). */
    keyHint?: string;
    previousKeysExpireAt?: string;
  };
}

export interface AppliedEvent {
  type: string;
  /** Connections whose state changed. */
  affected: string[];
  ignored?: string;
}

/** The envelope is `{eventType: string, data: object}`; anything else is not a lifecycle event. */
export function isLifecycleEvent(value: unknown): value is LifecycleEvent {
  const v = value as Partial<LifecycleEvent> | null;
  return !!v && typeof v === 'object' && typeof v.eventType === 'string' && typeof v.data === 'object' && v.data !== null;
}

/**
 * What a verified lifecycle event does to the connections it concerns (same company, and the same
 * installation when both sides know it — a late event about an old installation must not touch a
 * reinstalled one):
 * - `installation.key_regenerated` → `needs_reconnect`, unless the connection already holds the new key;
 * - `installation.key_revoked` → `needs_reconnect` only for the connection holding the revoked key
 *   (revoking an old, rotated-away key must not break a working connection);
 * - `installation.deleted` → `uninstalled` (the stored key is deleted).
 * Idempotent: a second delivery of the same event changes nothing.
 */
export async function applyLifecycleEvent(connections: ConnectionService, event: LifecycleEvent): Promise<AppliedEvent> {
  const platformName = connections.messageContext.platformName;
  const d = event.data ?? {};
  const companyId = (d.companyId ?? (d.resource ? companyIdFromUrn(d.resource) : undefined))?.toLowerCase();
  const found = new Map<string, ConnectionView>();
  if (d.installationId) for (const c of await connections.findByInstallationId(d.installationId)) found.set(c.id, c);
  if (companyId) for (const c of await connections.findByCompanyId(companyId)) found.set(c.id, c);
  const candidates = [...found.values()].filter(
    (c) => (!companyId || c.companyId === companyId) && (!d.installationId || !c.installationId || c.installationId === d.installationId),
  );
  const affected: string[] = [];
  const note = async (p: Promise<ConnectionView | undefined>, before: ConnectionView) => {
    const after = await p;
    if (after && after.state !== before.state) affected.push(after.id);
  };
  switch (event.eventType) {
    case 'installation.key_regenerated': {
      const expires = d.previousKeysExpireAt ? Date.parse(d.previousKeysExpireAt) : Number.NaN;
      const reason =
        Number.isFinite(expires) && expires > Date.now() + 1000
          ? `The API key was regenerated in ${platformName}; the current key stops working at ${new Date(expires).toISOString()}. Paste the new key to stay connected.`
          : `The API key was regenerated in ${platformName}, so the stored key no longer works. Paste the new key to reconnect.`;
      for (const listed of candidates) {
        // Re-read right before acting: the customer may have pasted the new key a moment ago.
        const c = await connections.getById(listed.id);
        if (!c || !isLive(c.state) || sameKeyHint(c.keyMask, d.keyHint)) continue;
        await note(
          connections.markNeedsReconnect(c.id, reason, 'invalid_key', (now) => !sameKeyHint(now.keyMask, d.keyHint)),
          c,
        );
      }
      break;
    }
    case 'installation.key_revoked':
      for (const listed of candidates) {
        const c = await connections.getById(listed.id);
        if (!c || !isLive(c.state) || !sameKeyHint(c.keyMask, d.keyHint)) continue;
        await note(
          connections.markNeedsReconnect(
            c.id,
            `The API key was revoked in ${platformName}. Paste a new key to reconnect.`,
            'invalid_key',
            (now) => sameKeyHint(now.keyMask, d.keyHint),
          ),
          c,
        );
      }
      break;
    case 'installation.deleted':
      for (const c of candidates) {
        await note(
          connections.markUninstalled(c.id, `The integration was uninstalled in ${platformName}; the stored API key was deleted.`),
          c,
        );
      }
      break;
    default:
      return { type: event.eventType, affected, ignored: 'no action for this event type' };
  }
  return { type: event.eventType, affected };
}

/** The platform's hint (`lk_live_…abcd`) vs the stored mask (`lk_live_…abcd`, or `…abcd` for lenient keys). */
export function sameKeyHint(mask: string | null, hint: string | undefined): boolean {
  if (!mask || !hint) return false;
  if (mask === hint) return true;
  const [mHead, mTail] = splitHint(mask);
  const [hHead, hTail] = splitHint(hint);
  if (!mTail || mTail !== hTail) return false;
  return !mHead || !hHead || mHead === hHead;
}

function splitHint(h: string): [string, string] {
  const i = h.lastIndexOf('…');
  return i < 0 ? ['', h.slice(-4)] : [h.slice(0, i), h.slice(i + 1)];
}
