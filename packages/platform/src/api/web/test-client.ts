import { TestWebClient } from '@latchkey/server-kit/testing';
import { DEMO_PASSWORD } from '../../seed.ts';
import type { TestPlatform } from '../../testing.ts';

/** A cookie-carrying client of the web API for route tests (one signed-in person; `login` defaults to the demo password). */
export class WebClient extends TestWebClient {
  constructor(platform: Pick<TestPlatform, 'url'>) {
    super(platform.url, { prefix: '/app/api', cookieName: 'latchkey_session', password: DEMO_PASSWORD });
  }
}

/** Everything a test needs to prove a key leaked nowhere: the platform's logs and every text column of the audit table. */
export async function leakSurfaces(p: TestPlatform): Promise<string> {
  const audit = await p.database.db.selectFrom('audit_events').selectAll().execute();
  const sessions = await p.database.db.selectFrom('sessions').selectAll().execute();
  return [p.logs.join('\n'), JSON.stringify(audit), JSON.stringify(sessions)].join('\n');
}
