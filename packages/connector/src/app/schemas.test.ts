import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VISIBLE_STATES } from '../connections/states.ts';
import { WEB_ROOT } from './paths.ts';
import { startTestApp, type TestApp } from './test-support.ts';

interface Operation {
  requestBody?: unknown;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

describe("the reference app's API has one source for its shapes", () => {
  let app: TestApp;
  let spec: {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  };

  beforeAll(async () => {
    // No platform call happens here: the document is all this needs.
    app = await startTestApp({ platformBaseUrl: 'http://127.0.0.1:9' });
    spec = await (await fetch(`${app.url}/openapi.json`)).json();
  });
  afterAll(async () => app?.close());

  it('every operation declares what it answers; the ones that take input validate it', () => {
    const ops = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([m, op]) => ({ at: `${m} ${path}`, op })),
    );
    expect(ops.length).toBeGreaterThan(12);
    const ok = (op: Operation) => Object.entries(op.responses ?? {}).find(([code]) => code.startsWith('2'));
    expect(ops.filter(({ op }) => !ok(op)).map((o) => o.at)).toEqual([]);
    expect(ops.filter(({ op }) => ok(op)?.[0] !== '204' && !ok(op)?.[1].content).map((o) => o.at)).toEqual([]);
    const withBody = [
      'post /api/session',
      'post /api/connection/connect',
      'post /api/connections/{id}/replace',
      'post /api/connections/{id}/uninstall',
    ];
    for (const at of withBody) expect(ops.find((o) => o.at === at)?.op.requestBody, at).toBeDefined();
  });

  it('shared shapes are named components, and a connection shows exactly the visible states', () => {
    expect(Object.keys(spec.components.schemas)).toEqual(
      expect.arrayContaining(['Connection', 'OperatorConnection', 'ConnectionEvent', 'ConnectFailure', 'Session', 'ErrorBody']),
    );
    expect(spec.components.schemas.Connection?.properties?.state).toMatchObject({ enum: [...VISIBLE_STATES] });
    expect(Object.keys(spec.components.schemas.Connection?.properties ?? {})).not.toContain('secret');
  });

  it('the web app imports the server as types only, but for the browser-safe connection states', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    const valueImports = files(join(WEB_ROOT, 'src'))
      .filter((f) => /\.tsx?$/.test(f))
      .flatMap((f) =>
        [...readFileSync(f, 'utf8').matchAll(/^(import|export)\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms)]
          .map((m) => m[2] ?? '')
          .filter((from) => from.startsWith('@latchkey/connector') && from !== '@latchkey/connector/connections/states.ts')
          .map((from) => `${relative(WEB_ROOT, f)}: ${from}`),
      );
    expect(valueImports).toEqual([]);
    // And that one module imports nothing, so nothing else can ride along into the bundle.
    expect(readFileSync(new URL('../connections/states.ts', import.meta.url), 'utf8')).not.toMatch(/^import /m);
  });
});
