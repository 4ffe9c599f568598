import { type CheckOutcome, isVisible, needsAttention, VISIBLE_STATES, type VisibleState } from '@latchkey/connector';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { addConnectorOptions, type ConnectorCliOptions, field, positiveInt, withConnector } from '../connector.ts';
import { CliError, EXIT, say } from '../context.ts';

const STATES = VISIBLE_STATES;

/** A progress bar on stderr (drawn only on a terminal, so scripts and logs stay clean). */
export function progressBar(label: string): SingleBar {
  return new SingleBar({
    format: `${label} [{bar}] {value}/{total} {detail}`,
    stream: process.stderr,
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 20,
  });
}

export function connectionCommands(program: Command): void {
  const cmd = program
    .command('connections')
    .description("the reference connector's connections (one per customer company): list them, health-check them now");

  addConnectorOptions(
    cmd
      .command('list')
      .description('list every connection, tab-separated on stdout: id, tenant, state, company, last check, last error (never a key)')
      .option('--state <state>', `only connections in this state (${STATES.join(', ')})`),
  ).action(async (opts: ConnectorCliOptions & { state?: string }) => {
    if (opts.state && !isVisible(opts.state)) throw new CliError(`--state must be one of ${STATES.join(', ')}`, EXIT.usage);
    await withConnector(opts, async (connector) => {
      const tenants = new Map((await connector.tenants.list()).map((t) => [t.id, t.name]));
      const rows = await connector.connections.listAll(opts.state ? { states: [opts.state as VisibleState] } : {});
      if (rows.length === 0) {
        say(opts.state ? `no ${opts.state} connections` : 'no connections yet');
        return;
      }
      say('id\ttenant\tstate\tcompany\tlast check\tlast error');
      for (const c of rows) {
        const company = c.companyName ? `${c.companyName} (${c.companyId})` : c.companyId;
        const cols = [c.id, tenants.get(c.tenantId) ?? c.tenantId, c.state, company, c.lastCheckedAt, c.lastErrorMessage];
        process.stdout.write(`${cols.map(field).join('\t')}\n`);
      }
    });
  });

  addConnectorOptions(
    cmd
      .command('check')
      .description(
        'health-check every monitored connection now (stored key → GET /v1/installations/me + /v1/introspect); ' +
          'prints one line per check (id, tenant, result, state, message) and a summary; exit 0 when all are healthy, 1 when any needs attention',
      )
      .option('--concurrency <n>', 'checks in flight at once', '4'),
  ).action(async (opts: ConnectorCliOptions & { concurrency: string }) => {
    const concurrency = positiveInt(opts.concurrency, '--concurrency');
    const healthy = await withConnector(opts, async (connector) => {
      const tenants = new Map((await connector.tenants.list()).map((t) => [t.id, t.name]));
      const bar = progressBar('checking');
      let started = false;
      const summary = await connector.health.checkAll({
        concurrency,
        onProgress: ({ done, total, outcome }) => {
          if (!started) bar.start(total, 0, { detail: '' });
          started = true;
          bar.setTotal(total);
          bar.update(done, { detail: outcome.result === 'ok' ? '' : `${outcome.result}` });
        },
      });
      if (started) bar.stop();

      for (const o of summary.outcomes.sort(byId)) process.stdout.write(`${outcomeLine(o, tenants)}\n`);
      const after = await connector.connections.listAll();
      const attention = after.filter((c) => needsAttention(c.state));
      const failed = summary.outcomes.filter((o) => o.result !== 'ok' && o.result !== 'skipped');
      const ok = summary.byResult.ok ?? 0;
      const others = Object.entries(summary.byResult)
        .filter(([k]) => k !== 'ok')
        .map(([k, n]) => `${n} ${k}`)
        .join(', ');
      const unchecked = after.length - summary.checked;
      say(
        `checked ${summary.checked} connection${summary.checked === 1 ? '' : 's'}: ${ok} ok${others ? `, ${others}` : ''}` +
          (unchecked > 0 ? ` · ${unchecked} not checked (no working key, or disconnected/uninstalled)` : '') +
          ` · ${attention.length} need${attention.length === 1 ? 's' : ''} attention`,
      );
      for (const c of attention) {
        if (!summary.outcomes.some((o) => o.connectionId === c.id)) say(`  ${c.id} ${c.state}: ${c.lastErrorMessage ?? 'no working key'}`);
      }
      return attention.length === 0 && failed.length === 0;
    });
    if (!healthy) process.exitCode = EXIT.failure;
  });
}

const byId = (a: CheckOutcome, b: CheckOutcome) => (a.connectionId < b.connectionId ? -1 : a.connectionId > b.connectionId ? 1 : 0);

function outcomeLine(o: CheckOutcome, tenants: Map<string, string>): string {
  return [o.connectionId, tenants.get(o.tenantId) ?? o.tenantId, o.result, o.to, o.message].map(field).join('\t');
}
