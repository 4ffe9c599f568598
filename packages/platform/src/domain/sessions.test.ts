import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowIso } from '../util/ids.ts';
import type { DomainError } from './errors.ts';
import { confirmIdentity, createSession, deleteSession, findSession, reauthFreshUntil } from './sessions.ts';
import { type DomainTestbed, openTestbed, TESTBED_PASSWORD } from './test-support.ts';

const rejects = (type: string) => expect.objectContaining({ name: 'DomainError', kind: 'forbidden' satisfies DomainError['kind'], type });
const HOUR = 3_600_000;

describe('web sessions', () => {
  let t: DomainTestbed;
  beforeAll(async () => {
    t = await openTestbed();
  });
  afterAll(async () => t?.close());

  it('a session is found by its token, which is stored only as a digest; it names the user and company', async () => {
    const created = await createSession(t.db, t.ownerA.id, HOUR);
    const session = await findSession(t.db, created.token);
    expect(session).toMatchObject({ csrfToken: created.csrfToken, expiresAt: created.expiresAt, reauthAt: null });
    expect(session?.user).toMatchObject({ id: t.ownerA.id, email: t.ownerA.email, kind: 'company', role: 'owner', companyId: t.companyA });
    expect(session?.user.companyName).toMatch(/^Acme/);
    expect(JSON.stringify(await t.db.selectFrom('sessions').selectAll().execute())).not.toContain(created.token);
  });

  it('an unknown, malformed or missing token finds nothing', async () => {
    const { token } = await createSession(t.db, t.ownerA.id, HOUR);
    const other = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const candidate of [other, `${token}x`, "' OR 1=1 --", '', undefined]) {
      expect(await findSession(t.db, candidate), String(candidate)).toBeNull();
    }
  });

  it('an expired session is not found and is deleted; a deleted one is gone', async () => {
    const start = Date.now();
    const expiring = await createSession(t.db, t.ownerA.id, HOUR, start);
    expect(await findSession(t.db, expiring.token, start + HOUR - 1)).not.toBeNull();
    expect(await findSession(t.db, expiring.token, start + HOUR)).toBeNull();
    expect(await findSession(t.db, expiring.token, start)).toBeNull();

    const live = await createSession(t.db, t.ownerA.id, HOUR);
    const session = await findSession(t.db, live.token);
    await deleteSession(t.db, session?.idDigest ?? '');
    expect(await findSession(t.db, live.token)).toBeNull();
  });

  it('confirmIdentity: the right password refreshes the re-entry window, the wrong one is refused, no password needs a fresh window', async () => {
    const { token } = await createSession(t.db, t.ownerA.id, HOUR);
    const session = await findSession(t.db, token);
    if (!session) throw new Error('no session');
    const windowMs = 5 * 60_000;
    await expect(confirmIdentity(t.db, session, undefined, windowMs)).rejects.toEqual(rejects('REAUTH_REQUIRED'));
    await expect(confirmIdentity(t.db, session, 'wrong password', windowMs)).rejects.toEqual(rejects('WRONG_PASSWORD'));

    const at = Date.now();
    await confirmIdentity(t.db, session, TESTBED_PASSWORD, windowMs, at);
    expect(session.reauthAt).toBe(nowIso(at));
    expect((await findSession(t.db, token))?.reauthAt).toBe(nowIso(at));
    expect(reauthFreshUntil(session, windowMs)).toBe(nowIso(at + windowMs));
    await expect(confirmIdentity(t.db, session, undefined, windowMs, at + windowMs - 1)).resolves.toBeUndefined();
    await expect(confirmIdentity(t.db, session, undefined, windowMs, at + windowMs)).rejects.toEqual(rejects('REAUTH_REQUIRED'));
    expect(reauthFreshUntil({ reauthAt: null }, windowMs)).toBeNull();
  });
});
