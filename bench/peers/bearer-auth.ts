/**
 * Peer: `@fastify/bearer-auth` with a set of plaintext keys (the simplest thing that could work: one
 * Set lookup per request, no hashing, no database), answering the same installation-shaped body as ours.
 */
import bearerAuth from '@fastify/bearer-auth';
import { childFail, untilStopped } from '../lib/child.ts';
import { type PeerReady, peerServer } from './server.ts';

async function main(): Promise<void> {
  const key = 'bench-peer-plaintext-key-0123456789abcdefghijklmnopqrstuvwxyz';
  const keys = new Set([key, ...Array.from({ length: 99 }, (_, i) => `${key}-${i}`)]);
  const app = await peerServer(null, async (a) => {
    await a.register(bearerAuth, { keys });
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const ready: PeerReady = { type: 'ready', url, headers: { authorization: `Bearer ${key}` } };
  process.send?.(ready);
  await untilStopped();
  await app.close();
  process.exit(0);
}

main().catch(childFail);
