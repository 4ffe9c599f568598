import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { newId, nowIso } from '../util/ids.ts';
import { IllegalMoveError } from './errors.ts';
import type { ConnectionState } from './states.ts';
import { type ConnectionRow, ConnectionStore, type TransitionEvent } from './store.ts';

describe('ConnectionStore.transition', () => {
  let t: TestDatabase;
  let store: ConnectionStore;
  let moves: string[];
  const tenantId = newId();

  beforeEach(async () => {
    t = await openTestDatabase();
    store = new ConnectionStore(t.database.db);
    await t.database.db.insertInto('tenants').values({ id: tenantId, name: 'T', created_at: nowIso() }).execute();
    moves = [];
    store.events.on('transition', (e: TransitionEvent) => moves.push(`${e.from}>${e.to}:${e.reason}`));
  });
  afterEach(async () => t.cleanup());

  async function connection(state: ConnectionState, secret: string | null = 'sealed'): Promise<Pick<ConnectionRow, 'id' | 'tenant_id'>> {
    const id = newId();
    await store.insert({
      id,
      tenant_id: tenantId,
      platform_base_url: 'https://platform.test',
      state,
      company_id: null,
      company_name: null,
      installation_id: null,
      application_name: null,
      key_hint: null,
      secret,
      secret_key_id: null,
      pending_secret: null,
      pending_secret_key_id: null,
      scopes: '[]',
      reported_status: null,
      reported_error_code: null,
      last_checked_at: null,
      last_success_at: null,
      last_error_class: null,
      last_error_message: null,
      failure_count: 0,
      failure_streak: 0,
      last_failure_counted_at: null,
      next_check_at: null,
      connected_at: null,
    });
    return { id, tenant_id: tenantId };
  }

  const stateOf = async (id: string) => (await store.getById(id))?.state;
  const eventCount = async (id: string) =>
    (await t.database.db.selectFrom('connection_events').select('id').where('connection_id', '=', id).execute()).length;

  it('an allowed move changes the state, records one event and emits it', async () => {
    const c = await connection('connected');
    const view = await store.transition(c, 'needs_reconnect', 'invalid_key', 'dead', { last_error_class: 'invalid_key' });
    expect(view).toMatchObject({ state: 'needs_reconnect', lastErrorClass: 'invalid_key' });
    expect(moves).toEqual(['connected>needs_reconnect:invalid_key']);
    expect(await store.eventsFor(tenantId, c.id)).toMatchObject([{ from: 'connected', to: 'needs_reconnect', reason: 'invalid_key' }]);
  });

  it('an illegal move is refused and changes nothing', async () => {
    const c = await connection('uninstalled', null);
    await expect(store.transition(c, 'needs_reconnect', 'webhook', null, { last_error_class: 'invalid_key' })).rejects.toBeInstanceOf(
      IllegalMoveError,
    );
    const p = await connection('pending');
    await expect(store.transition(p, 'uninstalled', 'webhook', null)).rejects.toThrow('cannot move from pending to uninstalled');
    expect([await stateOf(c.id), await stateOf(p.id)]).toEqual(['uninstalled', 'pending']);
    expect((await store.getById(c.id))?.last_error_class).toBeNull();
    expect([await eventCount(c.id), await eventCount(p.id), moves]).toEqual([0, 0, []]);
  });

  it('judges the move from the state the row is in now, not the one the caller last saw', async () => {
    const c = await connection('connected');
    await store.transition(c, 'disconnected', 'disconnected', null, { secret: null });
    // A caller still holding the old row (state `connected`) cannot push the ended connection back to work.
    await expect(store.transition({ ...c, state: 'connected' } as ConnectionRow, 'degraded', 'transient', null)).rejects.toThrow(
      'from disconnected to degraded',
    );
    await store.transition(c, 'uninstalled', 'uninstalled', null);
    expect(moves).toEqual(['connected>disconnected:disconnected', 'disconnected>uninstalled:uninstalled']);
  });

  it('a failed guard (the row moved on, or holds another key) is a no-op, not an error', async () => {
    const c = await connection('connected', 'old-key');
    expect(await store.transition(c, 'degraded', 'transient', null, {}, { state: 'degraded' })).toBeUndefined();
    expect(await store.transition(c, 'needs_reconnect', 'invalid_key', null, {}, { secret: 'another-key' })).toBeUndefined();
    expect([await stateOf(c.id), await eventCount(c.id), moves]).toEqual(['connected', 0, []]);
    expect(await store.transition(c, 'needs_reconnect', 'invalid_key', null, {}, { state: 'connected', secret: 'old-key' })).toMatchObject({
      state: 'needs_reconnect',
    });
  });
});
