import { describe, expect, it } from 'vitest';
import {
  ATTENTION_STATES,
  CONNECTION_STATES,
  type ConnectionState,
  canMove,
  ENDED_STATES,
  isEnded,
  isLive,
  isWorking,
  LIVE_STATES,
  MOVES,
  VISIBLE_STATES,
  WORKING_STATES,
} from './states.ts';

const all = (pairs: string) => pairs.split(' ').map((p) => p.split('>') as [ConnectionState, ConnectionState]);

describe('connection states', () => {
  it('the named sets are made of states and nest as documented', () => {
    expect(VISIBLE_STATES).toEqual(CONNECTION_STATES.filter((s) => s !== 'pending'));
    for (const set of [LIVE_STATES, ENDED_STATES, ATTENTION_STATES]) for (const s of set) expect(VISIBLE_STATES).toContain(s);
    expect([...LIVE_STATES, ...ENDED_STATES].sort()).toEqual([...VISIBLE_STATES].sort());
    for (const s of WORKING_STATES) expect(isLive(s)).toBe(true);
    expect(CONNECTION_STATES.filter(isWorking)).toEqual(['connected', 'degraded']);
    expect(CONNECTION_STATES.filter(isEnded)).toEqual(['disconnected', 'uninstalled']);
    expect(isLive('pending')).toBe(false);
  });

  it('allows exactly the moves the connector makes', () => {
    const allowed = all(
      [
        'pending>connected',
        // health checks, key replacement, webhooks, the customer's choices
        'connected>connected connected>degraded connected>needs_reconnect connected>disconnected connected>uninstalled',
        'degraded>degraded degraded>connected degraded>needs_reconnect degraded>disconnected degraded>uninstalled',
        'needs_reconnect>needs_reconnect needs_reconnect>connected needs_reconnect>disconnected needs_reconnect>uninstalled',
        // an ended connection can only start over (or be uninstalled after a disconnect)
        'disconnected>connected disconnected>uninstalled uninstalled>connected',
      ].join(' '),
    );
    const key = ([a, b]: [string, string]) => `${a}>${b}`;
    const expected = new Set(allowed.map(key));
    for (const from of CONNECTION_STATES)
      for (const to of CONNECTION_STATES) expect(canMove(from, to), `${from}>${to}`).toBe(expected.has(`${from}>${to}`));
    expect(Object.keys(MOVES).sort()).toEqual([...CONNECTION_STATES].sort());
  });

  it('refuses the moves that would be bugs', () => {
    for (const [from, to] of all(
      'connected>pending pending>uninstalled pending>needs_reconnect pending>pending disconnected>needs_reconnect uninstalled>needs_reconnect uninstalled>disconnected disconnected>disconnected uninstalled>uninstalled needs_reconnect>degraded',
    ))
      expect(canMove(from, to), `${from}>${to}`).toBe(false);
  });
});
