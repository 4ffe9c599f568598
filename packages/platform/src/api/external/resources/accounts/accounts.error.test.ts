import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../../domain/resources/accounts.ts';
import { createExpense } from '../../../../domain/resources/expenses.ts';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';

describe('chart of accounts (bad input and wrong state)', () => {
  let p: TestPlatform;
  let key: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['accounts:read', 'accounts:write'] })).key;
  });
  afterAll(async () => p.close());

  it('400 naming the missing field', async () => {
    const res = await call(p, 'POST', '/v1/chart-of-accounts', key, { companyId: p.companyA, externalId: 'x', archived: false });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ type: 'VALIDATION_ERROR', message: "body must have required property 'name'" });
  });

  it('400 for an empty externalId, a too long name, a wrong type', async () => {
    const base = { companyId: p.companyA, externalId: 'x', name: 'N', archived: false };
    expect((await call(p, 'POST', '/v1/chart-of-accounts', key, { ...base, externalId: '' })).body.message).toMatch(/body\.externalId/);
    expect((await call(p, 'POST', '/v1/chart-of-accounts', key, { ...base, name: 'n'.repeat(256) })).body.message).toMatch(/body\.name/);
    expect((await call(p, 'POST', '/v1/chart-of-accounts', key, { ...base, archived: 'maybe' })).body.message).toMatch(/body\.archived/);
  });

  it('400 for a blank name (spaces only) with a clear message', async () => {
    const res = await call(p, 'POST', '/v1/chart-of-accounts', key, {
      companyId: p.companyA,
      externalId: 'blank',
      name: '   ',
      archived: false,
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('name must not be empty');
  });

  it('409 EXTERNAL_ID_ALREADY_EXISTS for a different account with a taken externalId', async () => {
    await createAccount(p.database.db, p.companyA, { externalId: 'taken', name: 'First', archived: false });
    const res = await call(p, 'POST', '/v1/chart-of-accounts', key, {
      companyId: p.companyA,
      externalId: 'taken',
      name: 'Second',
      archived: false,
    });
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('EXTERNAL_ID_ALREADY_EXISTS');
  });

  it('409 when deleting an account accounting entries use; archiving it works', async () => {
    const { account } = await createAccount(p.database.db, p.companyA, { externalId: 'used', name: 'Used', archived: false });
    await createExpense(p.database.db, p.companyA, { date: new Date().toISOString(), amount: 1000, accountId: account.id });
    const res = await call(p, 'DELETE', `/v1/chart-of-accounts/${account.id}`, key);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ type: 'ACCOUNT_IN_USE', message: expect.stringMatching(/archive/) });
    expect((await call(p, 'PUT', `/v1/chart-of-accounts/${account.id}`, key, { name: 'Used', archived: true })).status).toBe(200);
  });

  it('400 for a batch outside 1..1000 items; 400 for :search without companyId', async () => {
    const empty = await call(p, 'POST', '/v1/chart-of-accounts/batch', key, { companyId: p.companyA, items: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/body\.items/);
    const search = await call(p, 'POST', '/v1/chart-of-accounts:search', key, { name: 'x' });
    expect(search.body.message).toMatch(/companyId/);
  });

  it('404 for an unknown account id; 400 for a malformed one', async () => {
    expect((await call(p, 'GET', '/v1/chart-of-accounts/00000000-0000-4000-8000-000000000000', key)).status).toBe(404);
    expect((await call(p, 'PUT', '/v1/chart-of-accounts/nope', key, { name: 'x', archived: false })).status).toBe(400);
  });
});
