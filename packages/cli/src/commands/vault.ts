import type { Command } from 'commander';
import { addConnectorOptions, type ConnectorCliOptions, withConnector } from '../connector.ts';
import { EXIT, say } from '../context.ts';
import { progressBar } from './connections.ts';

const ROTATION_HELP = `
Rotating the connector's master key (no downtime):
  1. Make a new key:   openssl rand -base64 32
  2. Configure both, the NEW one first (the first entry is the current key, used for every write):
       LATCHKEY_MASTER_KEYS="newkid:<new base64>,oldkid:<old base64>"
     The old entry is the one in <data>/connector-master-keys (or your current LATCHKEY_MASTER_KEYS).
     Key ids: 1–64 of A–Z a–z 0–9 _ -, e.g. k20250101. Restart the connector with this setting.
  3. Run:              LATCHKEY_MASTER_KEYS="newkid:…,oldkid:…" latchkey vault rewrap
     Every stored key is re-encrypted under newkid while the app keeps serving (safe to run twice).
  4. Keep only the new key: LATCHKEY_MASTER_KEYS="newkid:<new base64>" (and update or remove the key
     file, which is ignored while LATCHKEY_MASTER_KEYS is set). A start-up with a key missing that
     stored secrets still need is refused with a message naming it.

Exit codes: 0 every secret is under the current key · 1 some secret could not be decrypted (listed)`;

export function vaultCommands(program: Command): void {
  const cmd = program.command('vault').description("the connector's encrypted key store");

  addConnectorOptions(
    cmd
      .command('rewrap')
      .description('re-encrypt every stored secret under the current (first) master key of LATCHKEY_MASTER_KEYS')
      .addHelpText('after', ROTATION_HELP),
  ).action(async (opts: ConnectorCliOptions) => {
    const ok = await withConnector(opts, async (connector) => {
      const { currentKeyId, keyIds, source } = connector.vault;
      const db = connector.database.db;
      const count = async (column: 'secret' | 'pending_secret', keyColumn: 'secret_key_id' | 'pending_secret_key_id') => {
        const row = await db
          .selectFrom('connections')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where(column, 'is not', null)
          .where((eb) => eb.or([eb(keyColumn, 'is', null), eb(keyColumn, '!=', currentKeyId)]))
          .executeTakeFirstOrThrow();
        return Number(row.n);
      };
      const total = (await count('secret', 'secret_key_id')) + (await count('pending_secret', 'pending_secret_key_id'));
      say(`master keys: ${keyIds.join(', ')} (from ${source === 'env' ? 'LATCHKEY_MASTER_KEYS' : source}); current: ${currentKeyId}`);
      if (total === 0) {
        say(`nothing to rewrap: every stored secret is already under ${currentKeyId}`);
        return true;
      }
      const bar = progressBar('rewrapping');
      bar.start(total, 0, { detail: '' });
      const result = await connector.vault.rewrap({
        onProgress: (p) =>
          bar.update(Math.min(total, p.rewrapped + p.skipped + p.failed), { detail: p.failed ? `${p.failed} failed` : '' }),
      });
      bar.stop();
      say(
        `rewrapped ${result.rewrapped} secret${result.rewrapped === 1 ? '' : 's'} to master key ${result.currentKeyId}` +
          (result.skipped ? ` · ${result.skipped} skipped (rewritten meanwhile, already under ${result.currentKeyId})` : '') +
          (result.failed.length ? ` · ${result.failed.length} failed` : ''),
      );
      if (result.failed.length) {
        say(`could not decrypt the secret of connection${result.failed.length === 1 ? '' : 's'} (damaged, or its master key is missing):`);
        for (const id of result.failed) say(`  ${id}`);
        return false;
      }
      const old = keyIds.filter((k) => k !== currentKeyId);
      if (old.length) say(`every secret is under ${currentKeyId}: ${old.join(', ')} may now be removed from LATCHKEY_MASTER_KEYS`);
      return true;
    });
    if (!ok) process.exitCode = EXIT.failure;
  });
}
