import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmployee } from '../../../../domain/resources/employees.ts';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';

describe('employees (happy paths)', () => {
  let p: TestPlatform;
  let key: string;
  const ids: string[] = [];
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['users:read'] })).key;
    const db = p.database.db;
    ids.push(
      (
        await createEmployee(db, p.companyA, {
          email: 'Ana@Acme.test',
          firstName: 'Ana',
          lastName: 'Andersen',
          code: 'E-1',
          jobTitle: 'CFO',
          phone: '+45 1234',
        })
      ).id,
    );
    for (let i = 2; i <= 5; i++)
      ids.push(
        (await createEmployee(db, p.companyA, { email: `e${i}@acme.test`, firstName: `E${i}`, lastName: 'Test', code: `E-${i}` })).id,
      );
    await createEmployee(db, p.companyB, { email: 'someone@globex.test', firstName: 'Glo', lastName: 'Bex' });
  });
  afterAll(async () => p.close());

  it('GET /v2/employees lists the company’s employees (only) in creation order', async () => {
    const res = await call(p, 'GET', '/v2/employees', key);
    expect(res.status).toBe(200);
    expect(res.body.data.map((e: { id: string }) => e.id)).toEqual(ids);
    expect(res.body.data[0]).toEqual({
      id: ids[0],
      companyId: p.companyA,
      email: 'ana@acme.test',
      firstName: 'Ana',
      lastName: 'Andersen',
      code: 'E-1',
      jobTitle: 'CFO',
      phone: '+45 1234',
    });
    expect(res.body.pagination).toMatchObject({ total: 5, hasNextPage: false, hasPreviousPage: false });
  });

  it('filters by email (case-insensitive) and by code; companyId of the key is accepted', async () => {
    const byEmail = await call(p, 'GET', `/v2/employees?email=ANA@acme.test&companyId=${p.companyA}`, key);
    expect(byEmail.body.data.map((e: { id: string }) => e.id)).toEqual([ids[0]]);
    expect(byEmail.body.pagination.currentRequestPagination.parameters).toMatchObject({
      email: ['ANA@acme.test'],
      companyId: [p.companyA],
    });
    const byCode = await call(p, 'GET', '/v2/employees?code=E-3', key);
    expect(byCode.body.data.map((e: { id: string }) => e.id)).toEqual([ids[2]]);
  });

  it('pages with cursors: after endCursor comes the rest, before startCursor the previous page', async () => {
    const first = await call(p, 'GET', '/v2/employees?limit=2', key);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.pagination.hasNextPage).toBe(true);
    const second = await call(p, 'GET', `/v2/employees?limit=2&after=${first.body.pagination.endCursor}`, key);
    expect(second.body.data.map((e: { id: string }) => e.id)).toEqual(ids.slice(2, 4));
    expect(second.body.pagination.hasPreviousPage).toBe(true);
    const back = await call(p, 'GET', `/v2/employees?limit=2&before=${second.body.pagination.startCursor}`, key);
    expect(back.body.data.map((e: { id: string }) => e.id)).toEqual(ids.slice(0, 2));
    const offset = await call(p, 'GET', '/v2/employees?limit=2&offset=4', key);
    expect(offset.body.data.map((e: { id: string }) => e.id)).toEqual([ids[4]]);
  });

  it('GET /v2/employees/{id} answers {data}', async () => {
    const res = await call(p, 'GET', `/v2/employees/${ids[1]}`, key);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      id: ids[1],
      companyId: p.companyA,
      email: 'e2@acme.test',
      firstName: 'E2',
      lastName: 'Test',
      code: 'E-2',
    });
  });
});
