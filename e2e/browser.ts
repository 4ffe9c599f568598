import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { describe } from 'vitest';

/**
 * Shared browser helpers for the e2e journeys: Debian's Chromium driven by playwright-core (never a
 * downloaded browser), a fresh profile per launch, and screenshots under test-results/screenshots.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

export const chromiumAvailable = (): boolean => existsSync(CHROMIUM_PATH);

/**
 * `describe` for browser journeys. It skips only when Chromium is missing on a developer machine; under
 * CI=true the suite runs anyway, so a missing Chromium fails loudly instead of silently skipping.
 */
export function describeBrowser(name: string, fn: () => void): void {
  if (!chromiumAvailable() && process.env.CI !== 'true') {
    describe.skip(`${name} (skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install chromium)`, fn);
    return;
  }
  describe(name, fn);
}

export interface LaunchedBrowser {
  context: BrowserContext;
  /** The first page of the context. */
  page: Page;
  close(): Promise<void>;
}

/** A headless Chromium with a throwaway user-data dir (nothing leaks between runs). */
export async function launchBrowser(
  opts: { viewport?: { width: number; height: number }; permissions?: string[]; origin?: string } = {},
): Promise<LaunchedBrowser> {
  if (!chromiumAvailable()) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (CI=${process.env.CI ?? ''}): install it with apt-get install -y chromium`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'latchkey-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: opts.viewport ?? { width: 1366, height: 860 },
    locale: 'en-GB',
    timezoneId: 'Europe/Copenhagen',
  });
  if (opts.permissions?.length) await context.grantPermissions(opts.permissions, opts.origin ? { origin: opts.origin } : undefined);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Saves `test-results/screenshots/<name>.png` (full page) and returns its path. */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: opts.fullPage ?? true, animations: 'disabled' });
  return path;
}

/** Collects every URL the context requests or navigates to (to prove secrets never appear in one). */
export function recordUrls(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (r) => urls.push(r.url()));
  context.on('page', (p) => p.on('framenavigated', (f) => urls.push(f.url())));
  for (const p of context.pages()) p.on('framenavigated', (f) => urls.push(f.url()));
  return urls;
}

/** Every value in the page's localStorage and sessionStorage, as one string. */
export async function webStorageDump(page: Page): Promise<string> {
  return page.evaluate(() => {
    const dump = (s: Storage) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i) ?? '')}`).join('\n');
    return `${dump(window.localStorage)}\n${dump(window.sessionStorage)}`;
  });
}

/** Signs in on the platform's web app and waits for the signed-in header. */
export async function platformSignIn(page: Page, platformUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${platformUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Signs out of the platform's web app and waits for the sign-in page. */
export async function platformSignOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}
