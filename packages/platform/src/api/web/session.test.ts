import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../domain/accounts.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '../../seed.ts';
import { startTestPlatform, TEST_PASSWORD, type TestPlatform } from '../../testing.ts';
import { WebClient } from './test-client.ts';

describe('web sessions: login, cookie, CSRF, re-authentication, partner signup', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
    await seedDemo(p.database.db);
  });
  afterAll(async () => p.close());

  it('login sets an HttpOnly, SameSite=Strict session cookie and returns the user and a CSRF token', async () => {
    const c = new WebClient(p);
    const res = await c.login(DEMO_LOGINS.admin);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^latchkey_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure'); // http public URL
    expect(res.body.user).toMatchObject({ email: DEMO_LOGINS.admin, kind: 'company', role: 'admin', companyName: 'Acme ApS' });
    expect(JSON.stringify(res.body)).not.toMatch(/password|scrypt/);
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await c.get('/session')).body.user.email).toBe(DEMO_LOGINS.admin);
  });

  it('stores only the SHA-256 digest of the session token', async () => {
    const c = new WebClient(p);
    await c.login(DEMO_LOGINS.owner);
    const token = c.cookie!.split('=')[1]!;
    const rows = await p.database.db.selectFrom('sessions').selectAll().execute();
    expect(rows.some((r) => r.id_digest === createHash('sha256').update(token).digest('hex'))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('wrong password and unknown email get the same 401', async () => {
    const c = new WebClient(p);
    const wrong = await c.post('/session', { email: DEMO_LOGINS.admin, password: 'not-the-password' });
    const unknown = await c.post('/session', { email: 'nobody@acme.test', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.type).toBe('INVALID_CREDENTIALS');
    expect(c.cookie).toBeNull();
  });

  it('no, malformed or unknown cookies are unauthenticated', async () => {
    const c = new WebClient(p);
    expect((await c.get('/session')).status).toBe(401);
    c.cookie = 'latchkey_session=../../etc/passwd';
    expect((await c.get('/session')).body.type).toBe('UNAUTHENTICATED');
    c.cookie = `latchkey_session=${'A'.repeat(43)}`;
    expect((await c.get('/marketplace')).status).toBe(401);
  });

  it('logout deletes the session and clears the cookie', async () => {
    const c = new WebClient(p);
    await c.login(DEMO_LOGINS.bookkeeper);
    const cookie = c.cookie!;
    const out = await c.del('/session');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/latchkey_session=;.*Expires=Thu, 01 Jan 1970/);
    c.cookie = cookie;
    expect((await c.get('/session')).status).toBe(401);
  });

  it('an expired session is refused and removed', async () => {
    const c = new WebClient(p);
    await c.login(DEMO_LOGINS.bookkeeper);
    const digest = createHash('sha256').update(c.cookie!.split('=')[1]!).digest('hex');
    await p.database.db.updateTable('sessions').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('id_digest', '=', digest).execute();
    expect((await c.get('/session')).status).toBe(401);
    expect(
      await p.database.db.selectFrom('sessions').select('id_digest').where('id_digest', '=', digest).executeTakeFirst(),
    ).toBeUndefined();
  });

  describe('CSRF', () => {
    it('a signed-in state-changing request without the token, or with a wrong one, is refused', async () => {
      const c = new WebClient(p);
      await c.login(DEMO_LOGINS.admin);
      const none = await c.post('/session/reauth', { password: DEMO_PASSWORD }, { csrf: false });
      expect(none.status).toBe(403);
      expect(none.body.type).toBe('CSRF_TOKEN_INVALID');
      const wrong = await c.post('/session/reauth', { password: DEMO_PASSWORD }, { csrf: 'x'.repeat(43) });
      expect(wrong.body.type).toBe('CSRF_TOKEN_INVALID');
      const logout = await c.del('/session', { csrf: false });
      expect(logout.status).toBe(403);
      expect((await c.post('/session/reauth', { password: DEMO_PASSWORD })).status).toBe(200);
    });

    it("another session's token does not work", async () => {
      const a = new WebClient(p);
      const b = new WebClient(p);
      await a.login(DEMO_LOGINS.admin);
      await b.login(DEMO_LOGINS.owner);
      expect((await a.post('/session/reauth', { password: DEMO_PASSWORD }, { csrf: b.csrfToken! })).body.type).toBe('CSRF_TOKEN_INVALID');
    });

    it('requests from another origin or site are refused, even to login', async () => {
      const c = new WebClient(p);
      const foreign = await c.post(
        '/session',
        { email: DEMO_LOGINS.admin, password: DEMO_PASSWORD },
        { headers: { origin: 'https://evil.test' } },
      );
      expect(foreign.status).toBe(403);
      expect(foreign.body.type).toBe('CSRF_ORIGIN_REFUSED');
      const sameSite = await c.post(
        '/session',
        { email: DEMO_LOGINS.admin, password: DEMO_PASSWORD },
        { headers: { 'sec-fetch-site': 'same-site' } },
      );
      expect(sameSite.body.type).toBe('CSRF_ORIGIN_REFUSED');
      const own = await c.post(
        '/session',
        { email: DEMO_LOGINS.admin, password: DEMO_PASSWORD },
        { headers: { origin: p.url, 'sec-fetch-site': 'same-origin' } },
      );
      expect(own.status).toBe(200);
    });

    it('form and text/plain bodies (which need no CORS preflight) are refused', async () => {
      const c = new WebClient(p);
      const text = await c.post('/session', `{"email":"${DEMO_LOGINS.admin}","password":"${DEMO_PASSWORD}"}`, {
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.status).toBe(415);
      const form = await c.post('/session', `email=${DEMO_LOGINS.admin}&password=${DEMO_PASSWORD}`, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.status).toBe(415);
      expect(c.cookie).toBeNull();
    });
  });

  it('password re-entry: wrong → 403 WRONG_PASSWORD, right → fresh until the window ends', async () => {
    const c = new WebClient(p);
    const login = await c.login(DEMO_LOGINS.admin);
    expect(login.body.reauthFreshUntil).toBeNull();
    const wrong = await c.post('/session/reauth', { password: 'nope-nope-nope' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.type).toBe('WRONG_PASSWORD');
    const ok = await c.post('/session/reauth', { password: DEMO_PASSWORD });
    expect(ok.status).toBe(200);
    const until = Date.parse(ok.body.reauthFreshUntil);
    expect(until - Date.now()).toBeGreaterThan(4 * 60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(5 * 60_000);
  });

  it('password guessing is throttled per email with 429 and Retry-After', async () => {
    const c = new WebClient(p);
    let last = { status: 0, headers: new Headers() };
    for (let i = 0; i < 11; i++) last = await c.post('/session', { email: 'victim@acme.test', password: `guess-${i}-guess` });
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('150 concurrent wrong passwords for one account: at most 8 are checked (5, then backoff), the rest are refused with 429 before any check', async () => {
    const c = new WebClient(p);
    const answers = await Promise.all(
      Array.from({ length: 150 }, (_, i) => c.post('/session', { email: 'burst-victim@acme.test', password: `burst-${i}-guess` })),
    );
    const statuses = answers.map((a) => a.status);
    // 5 free failures, then one at a time after 1 s, 2 s, 4 s…: a slow burst may see one or two more checked, never all
    const checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(checked).toBeLessThanOrEqual(8);
    expect(statuses.filter((s) => s === 429)).toHaveLength(150 - checked);
  });

  it('150 concurrent wrong password re-entries in one session: at most 8 are checked, the rest get 429', async () => {
    const email = `burst-owner-${Date.now()}@acme.test`;
    await createUser(p.database.db, {
      email,
      name: 'Burst',
      password: TEST_PASSWORD,
      kind: 'company',
      companyId: p.companyA,
      role: 'owner',
    });
    const c = new WebClient(p);
    await c.login(email, TEST_PASSWORD);
    const answers = await Promise.all(Array.from({ length: 150 }, (_, i) => c.post('/session/reauth', { password: `burst-${i}-guess` })));
    const statuses = answers.map((a) => a.status);
    // 5 free failures, then one at a time after 1 s, 2 s, 4 s…: a slow burst may see one or two more checked, never all
    const checked = statuses.filter((s) => s === 403).length;
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(checked).toBeLessThanOrEqual(8);
    expect(statuses.filter((s) => s === 429)).toHaveLength(150 - checked);
  });

  describe('partner signup', () => {
    it('creates the partner and its first user, signs them in, and audits it', async () => {
      const c = new WebClient(p);
      const res = await c.post('/signup/partner', {
        partnerName: 'Contoso Ledger',
        name: 'Cara Contoso',
        email: 'Cara@Contoso.test',
        password: 'contoso-pass-1',
      });
      expect(res.status).toBe(201);
      expect(res.body.user).toMatchObject({ kind: 'partner', email: 'cara@contoso.test', partnerName: 'Contoso Ledger' });
      c.csrfToken = res.body.csrfToken;
      expect((await c.get('/partner/integrations')).body).toEqual({ data: [] });
      const audit = await p.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'partner.signed_up').execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]?.ip).toBe('127.0.0.1');
    });

    it('refuses a taken email (409) and a short password (400), creating nothing', async () => {
      const c = new WebClient(p);
      const before = (await p.database.db.selectFrom('partners').select('id').execute()).length;
      const taken = await c.post('/signup/partner', { partnerName: 'X', name: 'Y', email: DEMO_LOGINS.partner, password: 'long-enough-1' });
      expect(taken.status).toBe(409);
      const short = await c.post('/signup/partner', { partnerName: 'X', name: 'Y', email: 'new@x.test', password: 'short' });
      expect(short.status).toBe(400);
      expect((await p.database.db.selectFrom('partners').select('id').execute()).length).toBe(before);
    });
  });
});

describe('web sessions behind https', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform({ config: { publicUrl: 'https://latchkey.example' } });
    await seedDemo(p.database.db);
  });
  afterAll(async () => p.close());

  it('the cookie is Secure and __Host- prefixed, and HSTS is sent', async () => {
    const res = await fetch(`${p.url}/app/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO_LOGINS.admin, password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-latchkey_session=/);
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });

  it('a request whose Origin is the public URL passes the origin check', async () => {
    const res = await fetch(`${p.url}/app/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://latchkey.example' },
      body: JSON.stringify({ email: DEMO_LOGINS.admin, password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
  });
});
