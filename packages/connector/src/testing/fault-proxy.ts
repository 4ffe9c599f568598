import { createServer, request, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Fault {
  /** Matches `METHOD path` (path without the query), e.g. /^POST \/v1\/installations\/me:activate$/. */
  match: RegExp;
  /** Answer with this status instead of forwarding. */
  status?: number;
  /** Forward, but only after this long (a slow platform). */
  delayMs?: number;
  /** Drop the connection without answering. */
  drop?: boolean;
  /** Apply this many times, then stop (default: always). */
  times?: number;
}

/**
 * A real HTTP proxy on 127.0.0.1 in front of a real platform, that can make chosen requests fail,
 * stall or drop — to test what a connector does when the platform misbehaves halfway through a flow.
 */
export class FaultProxy {
  faults: Fault[] = [];
  readonly seen: string[] = [];
  url = '';
  #server: Server;
  #sockets = new Set<Socket>();

  constructor(readonly target: string) {
    const t = new URL(target);
    this.#server = createServer((req, res) => {
      const line = `${req.method} ${(req.url ?? '').split('?')[0]}`;
      this.seen.push(line);
      const fault = this.faults.find((f) => f.match.test(line) && (f.times === undefined || f.times > 0));
      if (fault && fault.times !== undefined) fault.times--;
      if (fault?.drop) {
        req.socket.destroy();
        return;
      }
      if (fault?.status) {
        req.resume();
        res.writeHead(fault.status, { 'content-type': 'application/json;charset=UTF-8' });
        res.end(JSON.stringify({ type: 'INJECTED_FAULT', message: `injected ${fault.status}` }));
        return;
      }
      const forward = () => {
        // The client may have given up during an injected delay: forward nothing, or the half-sent
        // upstream request would keep a platform connection busy and its close() waiting forever.
        if (res.destroyed || req.destroyed) return;
        const up = request(
          { host: t.hostname, port: t.port, method: req.method, path: req.url, headers: { ...req.headers, host: t.host } },
          (upRes) => {
            res.writeHead(upRes.statusCode ?? 502, upRes.headers);
            upRes.pipe(res);
          },
        );
        up.on('error', () => res.destroy());
        res.on('close', () => up.destroy());
        req.pipe(up);
      };
      if (fault?.delayMs) setTimeout(forward, fault.delayMs).unref();
      else forward();
    });
    this.#server.on('connection', (s: Socket) => {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
