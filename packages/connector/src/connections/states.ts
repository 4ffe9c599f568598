/**
 * The connection state machine: its states, the named sets callers ask about, and the allowed moves
 * (`ConnectionStore.transition` refuses any other). No imports: the web app bundles this file too.
 *
 * `pending` exists only while a first connect is between "stored" and "activated"; it is never shown
 * as a working connection and is deleted (not moved) when that connect fails.
 */
export const CONNECTION_STATES = ['pending', 'connected', 'degraded', 'needs_reconnect', 'disconnected', 'uninstalled'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/** Every state a customer, an operator or the API ever sees (all but `pending`). */
export const VISIBLE_STATES = ['connected', 'degraded', 'needs_reconnect', 'disconnected', 'uninstalled'] as const;
export type VisibleState = (typeof VISIBLE_STATES)[number];

/** The connection holds a key meant to work: the customer's screen shows it, webhooks about keys apply to it. */
export const LIVE_STATES = ['connected', 'degraded', 'needs_reconnect'] as const;

/** The key works (perhaps with hiccups): the export worker uses it. */
export const WORKING_STATES = ['connected', 'degraded'] as const;

/** The customer ended it (the stored key is deleted); a new key may start over, for any company. */
export const ENDED_STATES = ['disconnected', 'uninstalled'] as const;

/** An operator has to act (`disconnected` and `uninstalled` were the customer's choice). */
export const ATTENTION_STATES = ['degraded', 'needs_reconnect'] as const;

const has =
  (set: readonly string[]) =>
  (state: string): boolean =>
    set.includes(state);
export const isVisible: (state: string) => state is VisibleState = has(VISIBLE_STATES) as (state: string) => state is VisibleState;
export const isLive = has(LIVE_STATES);
export const isWorking = has(WORKING_STATES);
export const isEnded = has(ENDED_STATES);
export const needsAttention = has(ATTENTION_STATES);

/**
 * The allowed moves. A move to the same state records an event without changing the state (a key
 * replaced on a working connection, a status reported to the platform); ended states have none.
 */
export const MOVES: { readonly [From in ConnectionState]: readonly ConnectionState[] } = {
  pending: ['connected'],
  connected: ['connected', 'degraded', 'needs_reconnect', 'disconnected', 'uninstalled'],
  degraded: ['degraded', 'connected', 'needs_reconnect', 'disconnected', 'uninstalled'],
  needs_reconnect: ['needs_reconnect', 'connected', 'disconnected', 'uninstalled'],
  disconnected: ['connected', 'uninstalled'],
  uninstalled: ['connected'],
};

export function canMove(from: ConnectionState, to: ConnectionState): boolean {
  return MOVES[from]?.includes(to) ?? false;
}
