import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTestPlatform, type TestPlatform } from '../../testing.ts';

/**
 * Every non-deprecated operation of Pleo's published files (shared/reference/pleo-openapi, beside the repository)
 * is served: `/openapi.json` lists it. Operations are compared by method and path shape (parameter names may differ).
 */

const EXPECTED_REFERENCE_OPERATIONS = 80;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const shape = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`;

/** The reference folder: `shared/` beside the repository (or beside the folder holding its worktrees). */
function referenceDir(): string | null {
  let dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..');
  for (let i = 0; i < 3; i++) {
    const candidate = join(dir, '..', 'shared', 'reference', 'pleo-openapi');
    if (existsSync(candidate)) return candidate;
    dir = resolve(dir, '..');
  }
  return null;
}

type Spec = { paths?: Record<string, Record<string, { deprecated?: boolean }>> };

function referenceOperations(dir: string): Map<string, string> {
  const ops = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const spec = parse(readFileSync(join(dir, file), 'utf8')) as Spec;
    for (const [path, item] of Object.entries(spec.paths ?? {})) {
      for (const method of METHODS) {
        const op = item[method];
        if (op && !op.deprecated) ops.set(shape(method, path), file);
      }
    }
  }
  return ops;
}

const dir = referenceDir();
if (!dir && process.env.CI === 'true') throw new Error('shared/reference/pleo-openapi not found beside the repository');

describe.skipIf(!dir)('the published API surface', () => {
  let p: TestPlatform;
  let served: Set<string>;
  beforeAll(async () => {
    p = await startTestPlatform();
    const doc = (await (await fetch(`${p.url}/openapi.json`)).json()) as Spec;
    served = new Set(
      Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
        METHODS.filter((m) => item[m]).map((m) => shape(m, path.replaceAll('::', ':'))),
      ),
    );
  });
  afterAll(async () => p?.close());

  it(`counts ${EXPECTED_REFERENCE_OPERATIONS} non-deprecated operations in the reference files`, () => {
    expect(referenceOperations(dir as string).size).toBe(EXPECTED_REFERENCE_OPERATIONS);
  });

  it('/openapi.json lists every one of them', () => {
    const reference = referenceOperations(dir as string);
    const missing = [...reference.keys()].filter((op) => !served.has(op));
    const count = [...reference.keys()].filter((op) => served.has(op)).length;
    expect({ served: count, missing }).toEqual({ served: EXPECTED_REFERENCE_OPERATIONS, missing: [] });
  });
});
