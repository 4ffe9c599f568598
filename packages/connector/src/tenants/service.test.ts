import { afterEach, describe, expect, it } from 'vitest';
import { FakePleo } from '../testing/fake-pleo.ts';
import { startTestConnector } from '../testing/harness.ts';

describe('TenantService', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('tenant users: scrypt-hashed passwords, login by e-mail', async () => {
    const pleo = await new FakePleo().start();
    cleanups.push(() => pleo.close());
    const t = await startTestConnector({ platformBaseUrl: pleo.url });
    cleanups.push(() => t.close());
    const user = await t.connector.tenants.createUser(t.tenantA.id, { email: 'Ada@Example.test', password: 'correct horse battery' });
    const row = await t.connector.database.db.selectFrom('tenant_users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$/);
    expect(row.password_hash).not.toContain('correct horse');
    expect(await t.connector.tenants.authenticate('ada@example.test ', 'correct horse battery')).toMatchObject({
      id: user.id,
      tenantId: t.tenantA.id,
    });
    expect(await t.connector.tenants.authenticate('ada@example.test', 'wrong password!')).toBeUndefined();
    expect(await t.connector.tenants.authenticate('nobody@example.test', 'correct horse battery')).toBeUndefined();
    await expect(
      t.connector.tenants.createUser(t.tenantB.id, { email: 'ada@example.test', password: 'another long one' }),
    ).rejects.toThrow();
  });
});
