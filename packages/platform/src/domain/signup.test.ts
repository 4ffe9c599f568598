import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from './accounts.ts';
import type { DomainError } from './errors.ts';
import { signupPartner } from './signup.ts';
import { type DomainTestbed, openTestbed } from './test-support.ts';

const rejects = (kind: DomainError['kind']) => expect.objectContaining({ name: 'DomainError', kind });

describe('partner sign-up', () => {
  let t: DomainTestbed;
  beforeAll(async () => {
    t = await openTestbed();
  });
  afterAll(async () => t?.close());

  const signup = (overrides: Partial<Parameters<typeof signupPartner>[1]> = {}) =>
    signupPartner(
      t.db,
      {
        partnerName: ' Fjord Ledger ',
        name: 'Frida Dev',
        email: `Frida.${crypto.randomUUID().slice(0, 6)}@Fjord.example`,
        password: 'a long password',
        ...overrides,
      },
      '198.51.100.4',
    );

  it('creates the partner and its first user, who can sign in with the email in any case; audited with the address', async () => {
    const email = `Frida.${crypto.randomUUID().slice(0, 6)}@Fjord.example`;
    const { userId, partnerId } = await signupPartner(
      t.db,
      { partnerName: ' Fjord Ledger ', name: 'Frida Dev', email, password: 'a long password' },
      '198.51.100.4',
    );
    const partner = await t.db.selectFrom('partners').selectAll().where('id', '=', partnerId).executeTakeFirstOrThrow();
    expect(partner).toMatchObject({ name: 'Fjord Ledger', contact_email: email.toLowerCase() });
    const user = await authenticate(t.db, email.toUpperCase(), 'a long password');
    expect(user).toMatchObject({ id: userId, kind: 'partner', partner_id: partnerId, email: email.toLowerCase(), company_id: null });
    expect(user?.password_hash).not.toContain('a long password');
    const audit = await t.db.selectFrom('audit_events').selectAll().where('target_id', '=', partnerId).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'partner.signed_up', actor_id: userId, ip: '198.51.100.4' });
  });

  it('a taken email conflicts and leaves no partner behind', async () => {
    const email = `taken-${crypto.randomUUID().slice(0, 6)}@fjord.example`;
    await signup({ email });
    const partners = async () => (await t.db.selectFrom('partners').select('id').execute()).length;
    const before = await partners();
    await expect(signup({ email: email.toUpperCase(), partnerName: 'Copycat' })).rejects.toEqual(rejects('conflict'));
    expect(await partners()).toBe(before);
  });

  it('refuses a missing name, a missing partner name, a malformed email and a too short or too long password', async () => {
    for (const overrides of [
      { name: ' ' },
      { partnerName: '' },
      { email: 'frida' },
      { password: 'short' },
      { password: 'x'.repeat(201) },
    ]) {
      await expect(signup(overrides), JSON.stringify(overrides).slice(0, 60)).rejects.toEqual(rejects('invalid'));
    }
  });
});
