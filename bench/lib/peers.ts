import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR } from './child.ts';
import type { BenchContext } from './context.ts';

export const PEERS_DIR = join(BENCH_DIR, 'peers');
const MARKER = join(PEERS_DIR, 'node_modules', '.latchkey-peers');

const manifestHash = () =>
  createHash('sha256')
    .update(readFileSync(join(PEERS_DIR, 'package.json')))
    .update(existsSync(join(PEERS_DIR, 'package-lock.json')) ? readFileSync(join(PEERS_DIR, 'package-lock.json')) : '')
    .digest('hex');

/**
 * The peers' packages (bench/peers/package.json) live outside the project's install: the first run that
 * needs them installs them (`npm install --prefix bench/peers`, from its lock file) and later runs reuse
 * them until the manifest changes.
 */
export async function ensurePeers(ctx: BenchContext): Promise<void> {
  const hash = manifestHash();
  if (existsSync(MARKER) && readFileSync(MARKER, 'utf8') === hash) return;
  ctx.log('  installing the benchmark peers (Better Auth, @fastify/bearer-auth) into bench/peers — first use only:');
  ctx.log('  $ npm install --prefix bench/peers');
  const started = Date.now();
  const ticker = setInterval(() => ctx.log(`  … still installing (${Math.round((Date.now() - started) / 1000)} s)`), 10_000);
  try {
    await new Promise<void>((resolve, reject) => {
      const npm = spawn('npm', ['install', '--prefix', PEERS_DIR, '--no-audit', '--no-fund'], { stdio: ['ignore', 'inherit', 'inherit'] });
      npm.on('error', reject);
      npm.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm install --prefix bench/peers exited with ${code}`))));
    });
  } finally {
    clearInterval(ticker);
  }
  writeFileSync(MARKER, manifestHash());
  ctx.log(`  peers installed in ${Math.round((Date.now() - started) / 1000)} s`);
}
