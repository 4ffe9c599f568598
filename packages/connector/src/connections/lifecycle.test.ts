import { randomUUID } from 'node:crypto';
import { generateKey, keyHint } from '@latchkey/keys';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakePleo } from '../testing/fake-pleo.ts';
import { startTestConnector, type TestConnector } from '../testing/harness.ts';
import { applyLifecycleEvent, isLifecycleEvent, type LifecycleEvent, sameKeyHint } from './lifecycle.ts';

describe('lifecycle reactions (the kit, without the reference app)', () => {
  const pleo = new FakePleo();
  let t: TestConnector;

  beforeAll(async () => {
    await pleo.start();
  });
  afterAll(async () => pleo.close());
  afterEach(async () => t?.close());

  async function connected() {
    t = await startTestConnector({ platformBaseUrl: pleo.url });
    const issued = pleo.issue();
    const r = await t.connector.connections.connect(t.tenantA.id, issued.key);
    if (!r.ok) throw new Error(r.message);
    return { ...issued, id: r.connection.id };
  }

  const event = (type: string, data: LifecycleEvent['data']): LifecycleEvent => ({ eventType: type, eventId: randomUUID(), data });
  const state = async (id: string) => (await t.connector.connections.getById(id))!;

  it('key_regenerated → needs_reconnect, unless the connection already holds the new key; idempotent', async () => {
    const c = await connected();
    const data = { installationId: c.installationId, companyId: c.companyId };
    const holdsIt = await applyLifecycleEvent(
      t.connector.connections,
      event('installation.key_regenerated', { ...data, keyHint: keyHint(c.key) }),
    );
    expect(holdsIt.affected).toEqual([]);
    const newKey = generateKey({ prefix: 'lk' });
    const regenerated = event('installation.key_regenerated', { ...data, keyHint: keyHint(newKey) });
    expect(await applyLifecycleEvent(t.connector.connections, regenerated)).toEqual({
      type: 'installation.key_regenerated',
      affected: [c.id],
    });
    expect(await state(c.id)).toMatchObject({ state: 'needs_reconnect', lastErrorClass: 'invalid_key', hasKey: true });
    expect((await state(c.id)).lastErrorMessage).toContain('regenerated in Latchkey');
    expect((await applyLifecycleEvent(t.connector.connections, regenerated)).affected).toEqual([]);
  });

  it('key_revoked applies only to the connection holding the revoked key', async () => {
    const c = await connected();
    const other = generateKey({ prefix: 'lk' });
    const data = { installationId: c.installationId, resource: `urn:pleo:company:${c.companyId}` };
    expect(
      (await applyLifecycleEvent(t.connector.connections, event('installation.key_revoked', { ...data, keyHint: keyHint(other) })))
        .affected,
    ).toEqual([]);
    expect((await state(c.id)).state).toBe('connected');
    expect(
      (await applyLifecycleEvent(t.connector.connections, event('installation.key_revoked', { ...data, keyHint: keyHint(c.key) })))
        .affected,
    ).toEqual([c.id]);
    expect((await state(c.id)).state).toBe('needs_reconnect');
  });

  it('installation.deleted → uninstalled, the stored key deleted; not for another installation of the company', async () => {
    const c = await connected();
    const elsewhere = event('installation.deleted', { installationId: '00000000-0000-4000-8000-0000000000ff', companyId: c.companyId });
    expect((await applyLifecycleEvent(t.connector.connections, elsewhere)).affected).toEqual([]);
    const deleted = event('installation.deleted', { installationId: c.installationId, companyId: c.companyId.toUpperCase() });
    expect((await applyLifecycleEvent(t.connector.connections, deleted)).affected).toEqual([c.id]);
    expect(await state(c.id)).toMatchObject({ state: 'uninstalled', hasKey: false, keyMask: null });
    expect((await applyLifecycleEvent(t.connector.connections, deleted)).affected).toEqual([]);
  });

  it('other event types change nothing', async () => {
    const c = await connected();
    expect(await applyLifecycleEvent(t.connector.connections, event('installation.created', { companyId: c.companyId }))).toMatchObject({
      affected: [],
      ignored: expect.any(String),
    });
    expect((await state(c.id)).state).toBe('connected');
  });

  it('recognises Pleo’s envelope {data, eventType, eventId}', () => {
    expect(isLifecycleEvent({ eventType: 'installation.deleted', eventId: randomUUID(), data: {} })).toBe(true);
    for (const bad of [
      null,
      'x',
      {},
      { eventType: 1, data: {} },
      { eventType: 'x' },
      { eventType: 'x', data: null },
      { type: 'x', data: {} },
    ])
      expect(isLifecycleEvent(bad)).toBe(false);
  });

  it('compares the platform key hint with the stored mask', () => {
    expect(sameKeyHint('lk_live_…abcd', 'lk_live_…abcd')).toBe(true);
    expect(sameKeyHint('…abcd', 'lk_live_…abcd')).toBe(true); // lenient mask: the tail decides
    expect(sameKeyHint('lk_live_…abcd', 'lk_test_…abcd')).toBe(false);
    expect(sameKeyHint('lk_live_…abcd', 'lk_live_…abce')).toBe(false);
    expect(sameKeyHint(null, 'lk_live_…abcd')).toBe(false);
    expect(sameKeyHint('lk_live_…abcd', undefined)).toBe(false);
  });
});
