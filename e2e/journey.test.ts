import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  buildWebIfStale as buildConnectorWeb,
  type ConnectorApp,
  DEMO_CONNECTOR_PASSWORD,
  DEMO_CUSTOMER_EMAIL,
  DEMO_TENANT_NAME,
  seedConnectorDemo,
  startConnectorApp,
} from '../packages/connector/src/app/index.ts';
import { buildWebIfStale as buildPlatformWeb } from '../packages/platform/src/api/web/build.ts';
import { DEMO_COMPANY, DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '../packages/platform/src/seed.ts';
import { type RunningPlatform, startPlatform } from '../packages/platform/src/server.ts';
import { basicAuth } from '../packages/platform/src/testing.ts';
import {
  describeBrowser,
  type LaunchedBrowser,
  launchBrowser,
  platformSignIn,
  platformSignOut,
  recordUrls,
  screenshot,
  webStorageDump,
} from './browser.ts';

/**
 * The seed's flowchart end to end, in headless Chromium across both apps, wired the way `latchkey dev`
 * wires them (one data folder, the platform first, the connector pointed at it):
 * a partner requests access and submits an integration whose connect and webhook URLs are the
 * connector's → staff approve it with fewer scopes than requested → the partner reads the webhook
 * signing secret in the portal (the connector is given it) → a company admin installs it from
 * Settings → Accounting (Allow, password) → copies the key → "Go to <integration>" (new tab) → logs in
 * at the connector → pastes the key with surrounding whitespace → "Connected to company …" → the export
 * worker completes the company's export job → the admin regenerates the key → the lifecycle webhook
 * flips the connection to "needs a new key" → the new key is pasted → connected again, same connection
 * → the admin uninstalls → the connector shows it uninstalled; the partner portal lists every delivery.
 * Screenshots: test-results/screenshots/journey-NN-<step>.png.
 */
const INTEGRATION = 'Fjord Ledger';
const PARTNER = { org: 'Fjord Software', name: 'Frida Fjord', email: 'frida@fjord.test', password: 'fjord-partner-pass-1' };
const REQUESTED = [
  ['export-jobs:read', 'Find the export jobs you start'],
  ['export-jobs:write', 'Report which expenses were booked'],
  ['export-items:read', 'Read the expenses to book'],
  ['companies:read', 'Show which company is connected'],
  ['vendors:write', 'Create suppliers we do not know yet'],
] as const;
const GRANTED = ['companies:read', 'export-items:read', 'export-jobs:read', 'export-jobs:write'];

describeBrowser('the whole journey across the platform and the connector (browser)', () => {
  let data: string;
  let platform: RunningPlatform;
  let connector: ConnectorApp;
  let b: LaunchedBrowser;
  /** The platform tab. */
  let page: Page;
  /** The connector tab, opened by "Go to <integration>". */
  let tab: Page;
  let companyId: string;
  let integrationId: string;
  let connectionId: string;
  let n = 0;
  const keys: string[] = [];
  const consoleLines: string[] = [];
  let urls: string[] = [];

  const shot = (p: Page, step: string, opts?: { fullPage?: boolean }) =>
    screenshot(p, `journey-${String(++n).padStart(2, '0')}-${step}`, opts);

  beforeAll(async () => {
    await Promise.all([buildPlatformWeb(), buildConnectorWeb()]);
    data = mkdtempSync(join(tmpdir(), 'latchkey-journey-'));
    platform = await startPlatform({ dataDir: data, databaseUrl: '', port: 0, config: { webhookAllowPrivate: true } });
    companyId = (await seedDemo(platform.database.db)).companyId;
    connector = await startConnectorApp({
      dataDir: data,
      port: 0,
      platformBaseUrl: platform.url,
      platformName: 'Latchkey',
      appName: INTEGRATION,
      keyFormat: 'strict',
      keyPrefix: platform.services.config.keyPrefix,
      requiredScopes: ['export-jobs:read', 'export-jobs:write', 'export-items:read'],
      // Not known yet: the integration does not exist until the partner submits it.
      webhookSecret: null,
      // The journey drives both by hand.
      exportIntervalMs: 0,
      healthIntervalMs: 0,
    });
    await seedConnectorDemo(connector.connector);
    b = await launchBrowser();
    for (const origin of [platform.url, connector.url]) await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    page = b.page;
    urls = recordUrls(b.context);
    b.context.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  }, 240_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      for (const [p, name] of [
        [page, 'platform'],
        [tab, 'connector'],
      ] as const) {
        if (p && !p.isClosed())
          await screenshot(p, `journey-failed-${name}-${ctx.task.name.slice(0, 30).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => {});
      }
    }
  });

  afterAll(async () => {
    await b?.close();
    await connector?.close();
    await platform?.close();
    if (data) rmSync(data, { recursive: true, force: true });
  });

  // ── helpers ───────────────────────────────────────────────────────────────────────────

  const signIn = (email: string, password = DEMO_PASSWORD) => platformSignIn(page, platform.url, email, password);
  const signOut = () => platformSignOut(page);

  /** The re-auth window is a few minutes: on a slow run the dialog asks for the password again. */
  async function confirmPasswordIfAsked(dialog: Locator) {
    const field = dialog.getByLabel(/password/i);
    if (await field.count()) await field.fill(DEMO_PASSWORD);
  }

  async function clipboard(p: Page): Promise<string> {
    return p.evaluate(() => navigator.clipboard.readText());
  }

  const keyField = () => tab.getByLabel('API key — secret credential');

  /** Pastes the clipboard between spaces, as a customer copying from an e-mail might, and checks the whitespace is in the field. */
  async function pasteWithWhitespace(key: string) {
    await keyField().focus();
    await tab.keyboard.type('   ');
    await tab.keyboard.press('ControlOrMeta+V');
    await tab.keyboard.type('  ');
    await expect(keyField().inputValue()).resolves.toBe(`   ${key}  `);
  }

  const connectionState = async () => (await connector.connector.connections.getById(connectionId))?.state;

  async function until(what: string, check: () => Promise<boolean>, ms = 15_000) {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const installation = () =>
    platform.database.db
      .selectFrom('installations')
      .select(['id', 'status', 'deleted_at'])
      .where('integration_id', '=', integrationId)
      .where('company_id', '=', companyId)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();

  // ── the journey ───────────────────────────────────────────────────────────────────────

  it('a partner requests access and submits the integration with the connector’s connect and webhook URLs', {
    timeout: 90_000,
  }, async () => {
    await page.goto(`${platform.url}/`);
    await page.getByRole('link', { name: 'Request partner access' }).click();
    await page.getByLabel('Organisation').fill(PARTNER.org);
    await page.getByLabel('Your name').fill(PARTNER.name);
    await page.getByLabel('Work email').fill(PARTNER.email);
    await page.getByLabel('Password').fill(PARTNER.password);
    await shot(page, 'partner-request-access');
    await page.getByRole('button', { name: 'Create partner account' }).click();

    await page.getByRole('heading', { name: 'New integration' }).waitFor();
    await page.getByLabel('Name').fill(INTEGRATION);
    await page.getByLabel('Description').fill('Books your Latchkey expenses into Fjord ledgers every night, with receipts and VAT.');
    await page.getByLabel('Features').fill('Nightly expense export\nReceipt attachments\nVAT mapping');
    await page.getByLabel('Support email').fill('help@fjord.test');
    for (const [scope, reason] of REQUESTED) {
      await page.locator(`input[name="scope-${scope}"]`).check();
      await page.getByLabel(`Reason for ${scope}`).fill(reason);
    }
    await page.getByLabel('Connect URL').fill(`${connector.url}/connect`);
    await page.getByLabel('Webhook URL').fill(`${connector.url}/webhooks/latchkey`);
    await shot(page, 'partner-submit');
    await page.getByRole('button', { name: 'Submit for review' }).click();

    const card = page.getByTestId(`partner-integration-${INTEGRATION}`);
    await card.getByText('In review').waitFor();
    await shot(page, 'partner-in-review');
    await signOut();
    integrationId = (
      await platform.database.db.selectFrom('integrations').select('id').where('name', '=', INTEGRATION).executeTakeFirstOrThrow()
    ).id;
  });

  it('staff approve it from the review queue with fewer scopes than requested', { timeout: 60_000 }, async () => {
    await signIn(DEMO_LOGINS.staff);
    const card = page.getByTestId(`review-${INTEGRATION}`);
    await card.waitFor();
    await card.locator('input[name="grant-vendors:write"]').uncheck();
    await card.getByLabel(/Reason for the partner/).fill('Eligible ERP partner; creating vendors is not needed for exports.');
    await shot(page, 'staff-approve');
    await card.getByRole('button', { name: `Approve ${GRANTED.length} scopes` }).click();
    await page.getByText(`${INTEGRATION} was approved`).waitFor();
    await signOut();
  });

  it('the partner sees the approval and the webhook signing secret; the connector is given it', { timeout: 60_000 }, async () => {
    await signIn(PARTNER.email, PARTNER.password);
    const card = page.getByTestId(`partner-integration-${INTEGRATION}`);
    await card.getByText('Approved', { exact: true }).first().waitFor();
    await card.getByRole('button', { name: 'Show signing secret' }).click();
    const secret = ((await card.locator('.secret code').textContent()) ?? '').trim();
    expect(secret).toMatch(/^whsec_/);
    await card.getByTestId('webhook-deliveries').getByText('None yet').waitFor();
    await shot(page, 'partner-approved-secret');
    connector.setWebhookSecret(secret);
    await signOut();
  });

  it('a company admin installs it from Settings → Accounting (Allow, password) and copies the key', { timeout: 60_000 }, async () => {
    await signIn(DEMO_LOGINS.admin);
    await page.goto(`${platform.url}/settings/accounting`);
    const card = page.getByTestId(`integration-${INTEGRATION}`);
    await card.waitFor();
    await shot(page, 'settings-accounting');
    await card.getByRole('button', { name: `Install ${INTEGRATION}` }).click();
    const dialog = page.getByTestId('install-dialog');
    await dialog.getByRole('button', { name: 'Allow' }).waitFor();
    const text = (await dialog.textContent()) ?? '';
    for (const s of GRANTED) expect(text).toContain(s);
    expect(text).not.toContain('vendors:write');
    await shot(page, 'install-modal', { fullPage: false });
    await dialog.getByRole('button', { name: 'Allow' }).click();
    await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
    await shot(page, 'install-password', { fullPage: false });
    await dialog.getByRole('button', { name: 'Confirm and install' }).click();

    const shown = dialog.getByTestId('revealed-key');
    await shown.waitFor();
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    const key = await clipboard(page);
    expect(key).toBe(((await shown.textContent()) ?? '').trim());
    expect(key).toMatch(/^lk_live_/);
    keys.push(key);
    await shot(page, 'key-reveal', { fullPage: false });
    expect((await installation()).status).toBe('PENDING_INTEGRATION');
  });

  it('"Go to <integration>" opens the connector in a new tab; the customer logs in there', { timeout: 60_000 }, async () => {
    const go = page.getByTestId('install-dialog').getByRole('link', { name: `Go to ${INTEGRATION}` });
    const [popup] = await Promise.all([b.context.waitForEvent('page'), go.click()]);
    tab = popup;
    tab.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    await tab.getByRole('heading', { name: `Sign in to ${INTEGRATION}` }).waitFor();
    expect(new URL(tab.url()).origin).toBe(connector.url);
    expect(new URL(tab.url()).searchParams.get('next')).toBe('/connect');
    await tab.getByLabel('E-mail').fill(DEMO_CUSTOMER_EMAIL);
    await tab.getByLabel('Password').fill(DEMO_CONNECTOR_PASSWORD);
    await shot(tab, 'connector-login');
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('heading', { name: `Connect ${INTEGRATION} to Latchkey` }).waitFor();
  });

  it('pasting the key with surrounding whitespace → Connected to the right company; ACTIVATED on the platform', {
    timeout: 60_000,
  }, async () => {
    await pasteWithWhitespace(keys[0]!);
    await shot(tab, 'connector-paste');
    await tab.getByRole('button', { name: 'Save and test connection' }).click();
    await tab.getByTestId('connection-card').waitFor();
    await expect(tab.getByTestId('state-badge').textContent()).resolves.toContain('Connected');
    await expect(tab.getByTestId('company-line').textContent()).resolves.toBe(`Connected to company ${DEMO_COMPANY} (${companyId})`);
    await expect(tab.getByTestId('key-mask').textContent()).resolves.toBe(`lk_live_…${keys[0]!.slice(-4)}`);
    await shot(tab, 'connector-connected');

    const tenant = (await connector.connector.tenants.list()).find((t) => t.name === DEMO_TENANT_NAME)!;
    const list = await connector.connector.connections.list(tenant.id);
    expect(list).toHaveLength(1);
    connectionId = list[0]!.id;
    expect(list[0]).toMatchObject({ state: 'connected', companyId });
    expect((await installation()).status).toBe('ACTIVATED');

    // Back on the platform: close the key dialog; the installation is active.
    await page.bringToFront();
    await page.getByTestId('install-dialog').getByRole('button', { name: 'Done' }).click();
    await page.getByTestId('install-dialog').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(keys[0]!);
  });

  it('the export worker completes the company’s pending export job with the stored key', { timeout: 60_000 }, async () => {
    const db = platform.database.db;
    const pending = await db
      .selectFrom('export_jobs')
      .select(['id', 'status'])
      .where('company_id', '=', companyId)
      .where('status', '=', 'pending')
      .execute();
    expect(pending).toHaveLength(1); // seeded: eight expenses waiting for the integration
    await connector.runExportsNow();
    const job = await db.selectFrom('export_jobs').select(['status']).where('id', '=', pending[0]!.id).executeTakeFirstOrThrow();
    expect(job.status).toBe('completed');
    // Read back through the platform's own API, with the connected key.
    const res = await fetch(`${platform.url}/v3/export-jobs/${pending[0]!.id}`, { headers: { authorization: basicAuth(keys[0]!) } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { status: string } }).data.status).toBe('completed');
    const items = await db.selectFrom('export_job_items').select(['status']).where('job_id', '=', pending[0]!.id).execute();
    expect(items.length).toBe(8);
    expect(new Set(items.map((i) => i.status))).toEqual(new Set(['successful']));

    await page.goto(`${platform.url}/settings/api-keys`);
    const group = page.getByTestId(`installation-${INTEGRATION}`);
    await group.getByText('Active', { exact: true }).first().waitFor();
    await shot(page, 'platform-api-keys-active');
  });

  it('the admin regenerates the key → the lifecycle webhook flips the connection to needs a new key', { timeout: 60_000 }, async () => {
    const group = page.getByTestId(`installation-${INTEGRATION}`);
    await group.getByRole('button', { name: 'Regenerate' }).click();
    const dialog = page.getByTestId('regenerate-dialog');
    await dialog.getByLabel('None — stop it now').check();
    await confirmPasswordIfAsked(dialog);
    await shot(page, 'regenerate-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: 'Regenerate key' }).click();
    const shown = dialog.getByTestId('revealed-key');
    await shown.waitFor();
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    const next = await clipboard(page);
    expect(next).toBe(((await shown.textContent()) ?? '').trim());
    expect(next).not.toBe(keys[0]);
    keys.push(next);
    await shot(page, 'regenerated-key', { fullPage: false });
    await dialog.getByRole('button', { name: 'Done' }).click();

    // No health check runs here: only the webhook can have moved it.
    await until('the key_regenerated webhook', async () => (await connectionState()) === 'needs_reconnect');
    await tab.bringToFront();
    await tab.reload();
    await expect(tab.getByTestId('state-badge').textContent()).resolves.toContain('Needs a new key');
    await expect(tab.getByTestId('connection-problem').textContent()).resolves.toContain('regenerated');
    await tab.getByRole('heading', { name: 'Reconnect with a new key' }).waitFor();
    await shot(tab, 'connector-needs-reconnect');
  });

  it('pasting the new key reconnects the same connection', { timeout: 60_000 }, async () => {
    await pasteWithWhitespace(keys[1]!);
    await tab.getByRole('button', { name: 'Save and test new key' }).click();
    await tab.getByText('The new key works and replaced the old one.').waitFor();
    await expect(tab.getByTestId('state-badge').textContent()).resolves.toContain('Connected');
    await expect(tab.getByTestId('company-line').textContent()).resolves.toBe(`Connected to company ${DEMO_COMPANY} (${companyId})`);
    await expect(tab.getByTestId('key-mask').textContent()).resolves.toBe(`lk_live_…${keys[1]!.slice(-4)}`);
    await shot(tab, 'connector-reconnected');
    const all = await connector.connector.connections.listAll();
    expect(all.map((c) => [c.id, c.state])).toEqual([[connectionId, 'connected']]);
    expect((await installation()).status).toBe('ACTIVATED');
  });

  it('the admin uninstalls on the platform → the connector shows the integration uninstalled', { timeout: 60_000 }, async () => {
    await page.bringToFront();
    const group = page.getByTestId(`installation-${INTEGRATION}`);
    await group.getByRole('button', { name: 'Uninstall' }).click();
    const dialog = page.getByTestId('uninstall-dialog');
    await confirmPasswordIfAsked(dialog);
    await shot(page, 'uninstall-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: `Uninstall ${INTEGRATION}` }).click();
    await page.getByText(`${INTEGRATION} was uninstalled`).waitFor();
    expect((await fetch(`${platform.url}/v1/installations/me`, { headers: { authorization: basicAuth(keys[1]!) } })).status).toBe(401);

    await until('the installation.deleted webhook', async () => (await connectionState()) === 'uninstalled');
    await tab.bringToFront();
    await tab.reload();
    await tab.getByRole('heading', { name: 'Connect with your API key' }).waitFor();
    await expect(tab.locator('main').textContent()).resolves.toContain(
      `The integration was uninstalled for company ${DEMO_COMPANY} (${companyId})`,
    );
    await shot(tab, 'connector-uninstalled');
    await page.bringToFront();
    await signOut();
  });

  it('the partner portal lists every lifecycle webhook, each delivered', { timeout: 60_000 }, async () => {
    await signIn(PARTNER.email, PARTNER.password);
    const section = page.getByTestId(`partner-integration-${INTEGRATION}`).getByTestId('webhook-deliveries');
    const rows = section.getByTestId('delivery-row');
    await rows.first().waitFor();
    // installation.created, key_regenerated (and key_revoked for the old key, if sent), deleted.
    const readRows = async () => (await rows.allTextContents()).join('\n');
    await until('every delivery to be delivered', async () => {
      const text = await readRows();
      if (text.includes('installation.deleted') && !/Queued|Retrying/.test(text)) return true;
      await section.getByRole('button', { name: 'Refresh' }).click();
      return false;
    });
    const text = await readRows();
    for (const event of ['installation.created', 'installation.key_regenerated', 'installation.deleted']) expect(text).toContain(event);
    expect(text).not.toMatch(/Failed|Retrying/);
    const deliveries = await platform.database.db
      .selectFrom('webhook_deliveries')
      .select(['event_type', 'status'])
      .where('integration_id', '=', integrationId)
      .execute();
    expect(deliveries.every((d) => d.status === 'delivered')).toBe(true);
    expect(await rows.count()).toBe(deliveries.length);
    await section.scrollIntoViewIfNeeded();
    await shot(page, 'partner-deliveries');
  });

  it('no key ever reached a URL, web storage or the console', async () => {
    expect(keys).toHaveLength(2);
    const storage = (await webStorageDump(page)) + (await webStorageDump(tab));
    for (const key of keys) {
      for (const u of urls) expect(u).not.toContain(key);
      expect(storage).not.toContain(key);
      for (const line of consoleLines) expect(line).not.toContain(key);
    }
  });
});
