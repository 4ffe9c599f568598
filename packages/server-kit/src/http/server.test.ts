import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createServer, DEFAULT_TIMEOUTS } from './server.ts';
import { parseTrustProxy } from './trust-proxy.ts';

describe('request timeouts (server-kit createServer)', () => {
  it('a body trickled one byte at a time is cut off once the request takes longer than requestTimeout', async () => {
    const app = createServer({
      bodyLimit: 1024,
      coerceTypes: false,
      timeouts: { requestTimeout: 1_000, headersTimeout: 1_000, checkIntervalMs: 100 },
    });
    app.post('/echo', async (req) => req.body);
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { port } = app.server.address() as { port: number };
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (d) => {
        answer += String(d);
      });
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      const body = `{"a":"${'x'.repeat(60)}"}`;
      socket.write(`POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
      let sent = 0;
      let open = true;
      void closed.then(() => {
        open = false;
      });
      // One byte every 200 ms would take 14 s for the whole body; the server must not wait for it.
      while (open && sent < body.length) {
        socket.write(body[sent++] as string);
        await new Promise((r) => setTimeout(r, 200));
      }
      await closed;
      expect(sent).toBeLessThan(body.length);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await app.close();
    }
  });

  it('both apps get the defaults: request, header, idle and keep-alive limits are set on the server', () => {
    const app = createServer({ bodyLimit: 1024, coerceTypes: false });
    expect(app.server.requestTimeout).toBe(DEFAULT_TIMEOUTS.requestTimeout);
    expect(app.server.headersTimeout).toBe(DEFAULT_TIMEOUTS.headersTimeout);
    expect(app.server.timeout).toBe(DEFAULT_TIMEOUTS.connectionTimeout);
    expect(app.server.keepAliveTimeout).toBe(DEFAULT_TIMEOUTS.keepAliveTimeout);
    expect(app.server.maxRequestsPerSocket).toBe(DEFAULT_TIMEOUTS.maxRequestsPerSocket);
  });
});

describe('trusted proxies', () => {
  const ipSeen = async (trustProxy: ReturnType<typeof parseTrustProxy>, remoteAddress: string, xff: string) => {
    const app = createServer({ bodyLimit: 1024, coerceTypes: false, trustProxy });
    app.get('/ip', async (req) => ({ ip: req.ip }));
    const res = await app.inject({ method: 'GET', url: '/ip', remoteAddress, headers: { 'x-forwarded-for': xff } });
    return res.json().ip as string;
  };

  it('a hop count trusts only that many proxies: a client cannot prepend addresses of its choosing', async () => {
    const hops = parseTrustProxy('1', 'LATCHKEY_TRUST_PROXY');
    expect(hops).toBe(1);
    // client 198.51.100.7 sent "X-Forwarded-For: 1.2.3.4"; the one proxy (10.0.0.2) appended the real address
    expect(await ipSeen(hops, '10.0.0.2', '1.2.3.4, 198.51.100.7')).toBe('198.51.100.7');
    expect(await ipSeen(parseTrustProxy('2', 'X'), '10.0.0.2', '1.2.3.4, 198.51.100.7, 10.0.0.3')).toBe('198.51.100.7');
  });

  it('a CIDR list trusts only proxies inside it; a direct client’s X-Forwarded-For is ignored', async () => {
    const list = parseTrustProxy('10.0.0.0/8, 192.0.2.7', 'LATCHKEY_TRUST_PROXY');
    expect(await ipSeen(list, '10.1.2.3', '1.2.3.4, 198.51.100.7')).toBe('198.51.100.7');
    expect(await ipSeen(list, '203.0.113.9', '1.2.3.4')).toBe('203.0.113.9');
    expect(await ipSeen(false, '203.0.113.9', '1.2.3.4')).toBe('203.0.113.9');
  });

  it('anything else is refused at start with a message naming the variable', () => {
    expect(parseTrustProxy(undefined, 'V')).toBe(false);
    expect(parseTrustProxy('0', 'V')).toBe(false);
    for (const bad of ['true', 'yes', '10.0.0.0/33', '300.1.1.1', '1,2', '-1', '99', '::1/129', '10.0.0.0/8/8']) {
      expect(() => parseTrustProxy(bad, 'LATCHKEY_TRUST_PROXY'), bad).toThrow(/LATCHKEY_TRUST_PROXY/);
    }
    expect(parseTrustProxy('::1, fd00::/8', 'V')).toEqual(['::1', 'fd00::/8']);
  });
});
