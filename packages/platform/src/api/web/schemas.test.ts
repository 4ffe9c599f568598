import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Fastify, { type RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { type Database, openPlatformDatabase } from '../../db/database.ts';
import { createServices } from '../../services.ts';
import { WEB_API_PREFIX, webApp } from './index.ts';
import { WEB_ROOT } from './paths.ts';

describe('the web API has one source for its shapes', () => {
  let database: Database;
  let dataDir: string;
  const routes: RouteOptions[] = [];
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'latchkey-web-schemas-'));
    database = await openPlatformDatabase({ dataDir, databaseUrl: '' });
    const app = Fastify();
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith(WEB_API_PREFIX)) routes.push(route);
    });
    await app.register(webApp(createServices(database, loadConfig())));
    await app.ready();
    await app.close();
  });
  afterAll(async () => {
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every /app/api route declares its responses, and the ones that take input validate it', () => {
    const operations = routes.filter((r) => !r.url.endsWith('/*') && r.method !== 'HEAD');
    expect(operations.length).toBeGreaterThan(15);
    const without = (what: (r: RouteOptions) => boolean) => operations.filter(what).map((r) => `${r.method} ${r.url}`);
    expect(without((r) => !r.schema?.response)).toEqual([]);
    expect(without((r) => (r.method === 'POST' || r.method === 'PUT') && !r.url.includes(':id') && !r.schema?.body)).toEqual([]);
    expect(without((r) => r.url.includes(':id') && !r.schema?.params)).toEqual([]);
  });

  it('the web app imports server modules as types only (so no server code can reach its bundle)', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    const valueImports = files(join(WEB_ROOT, 'src'))
      .filter((f) => /\.tsx?$/.test(f))
      .flatMap((f) =>
        [...readFileSync(f, 'utf8').matchAll(/^(import|export)\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms)]
          .filter((m) => /(^|\/)src\//.test(m[2] ?? '') && !(m[2] ?? '').startsWith('@latchkey/web-kit'))
          .map((m) => `${relative(WEB_ROOT, f)}: ${m[2]}`),
      );
    expect(valueImports).toEqual([]);
  });
});
