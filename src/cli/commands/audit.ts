/**
 * `openkms audit …`: verify a JSON-lines audit log or the store's audit records offline (docs/audit.md),
 * list stored events, print the seal public key, and prune by age. `verify` exits 0 when every chain is
 * intact and sealed to its end, 1 on any break (an altered, removed, inserted or reordered record, a bad
 * seal, an unreadable line), and 2 when the only finding is an unsealed tail.
 */
import { readFileSync } from 'node:fs'
import type { KeyObject } from 'node:crypto'
import type { Command } from 'commander'
import { configFromFlags, withStoreOptions } from '../options.js'
import { openStore } from '../../store/open-store.js'
import { requireExistingInstallation } from '../data-dir.js'
import type { Store } from '../../store/store.js'
import { publicKeysFromPem, sealKeyFromRootKey } from '../../audit/seal-key.js'
import { verifyRecords, type LocatedRecord, type VerifyReport } from '../../audit/verify.js'
import { DAY } from '../../domain/time.js'
import { existingRootKey } from './root-key.js'
import { reportErrors } from '../report-errors.js'

type Flags = Parameters<typeof configFromFlags>[0]

const STORE_PAGE = 5_000

function trustedKeys(flags: Flags & { publicKey?: string[] }): KeyObject[] {
  if (flags.publicKey && flags.publicKey.length > 0) {
    const keys = flags.publicKey.flatMap((f) => publicKeysFromPem(readFileSync(f, 'utf8')))
    if (keys.length === 0) throw new Error('openkms audit verify: no PEM public key in the --public-key files')
    return keys
  }
  return [sealKeyFromRootKey(existingRootKey(configFromFlags(flags))).publicKey]
}

function* fileRecords(text: string): Generator<LocatedRecord> {
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  for (let i = 0; i < lines.length; i++) yield { at: `line ${i + 1}`, text: lines[i] as string }
}

async function storeRecords(store: Store): Promise<LocatedRecord[]> {
  const out: LocatedRecord[] = []
  for (const chain of await store.audit.chains()) {
    let after = 0
    for (;;) {
      const rows = await store.audit.readChain(chain, after, STORE_PAGE)
      for (const r of rows) out.push({ at: `${r.chainId}#${r.seq}`, text: r.record })
      if (rows.length < STORE_PAGE) break
      after = (rows.at(-1) as { seq: number }).seq
    }
  }
  return out
}

function print(report: VerifyReport, source: string): void {
  for (const c of report.chains)
    process.stdout.write(
      `chain ${c.chain}: ${c.events} events, ${c.seals} seals${c.closed ? ', closed' : ''}${c.prunedBefore ? `, starts at seq ${c.prunedBefore} (older records pruned)` : ''}\n`,
    )
  for (const f of report.findings) process.stdout.write(`${f.problem.toUpperCase()} at ${f.at}: ${f.detail}\n`)
  const breaks = report.findings.filter((f) => f.problem !== 'unsealed-tail')
  if (report.ok) process.stdout.write(`${source}: OK (${report.chains.length} chains)\n`)
  else process.stdout.write(`${source}: ${breaks.length > 0 ? 'BROKEN' : 'UNSEALED TAIL'}\n`)
  process.exitCode = report.ok ? 0 : breaks.length > 0 ? 1 : 2
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('verify, list and prune the audit log (docs/audit.md)')

  withStoreOptions(
    audit
      .command('verify [file]')
      .description('check a JSON-lines audit log (or --store) for altered, removed, inserted or reordered records')
      .option('--store', "verify the store's audit records instead of a file")
      .option('--public-key <pem...>', 'trusted seal public key file(s) (default: derived from the root key)'),
  ).action(
    reportErrors(async (file: string | undefined, flags: Flags & { store?: boolean; publicKey?: string[] }) => {
      if (!file && !flags.store) throw new Error('openkms audit verify: give a file or --store')
      const keys = trustedKeys(flags)
      if (file) return print(verifyRecords(fileRecords(readFileSync(file, 'utf8')), keys), file)
      const config = configFromFlags(flags)
      requireExistingInstallation(config, { command: 'audit' })
      const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, admin: true })
      try {
        print(verifyRecords(await storeRecords(store), keys), 'store')
      } finally {
        await store.close()
      }
    }),
  )

  withStoreOptions(
    audit
      .command('list')
      .description("events from the store's audit records, newest first, one JSON object per line")
      .option('--since <time>', 'ISO time or epoch ms, inclusive')
      .option('--until <time>', 'ISO time or epoch ms, exclusive')
      .option('--action <name>', 'only this action / instance API')
      .option('--caller <id>', 'only this AccessKeyId or client key id')
      .option('--request-id <id>', 'only this request')
      .option('--errors', 'only refused requests')
      .option('--limit <n>', 'at most this many (default 100)', '100'),
  ).action(
    reportErrors(async (flags: Flags & { since?: string; until?: string; action?: string; caller?: string; requestId?: string; errors?: boolean; limit: string }) => {
      const time = (v: string | undefined) => (v === undefined ? undefined : /^\d+$/.test(v) ? Number(v) : Date.parse(v))
      const limit = Number(flags.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new Error('openkms audit list: --limit must be 1 to 100000')
      const from = time(flags.since)
      const to = time(flags.until)
      if (Number.isNaN(from) || Number.isNaN(to)) throw new Error('openkms audit list: --since/--until must be ISO times or epoch ms')
      const config = configFromFlags(flags)
      requireExistingInstallation(config, { command: 'audit' })
      const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, admin: true })
      try {
        const rows = await store.audit.list({ from, to, eventName: flags.action, caller: flags.caller, requestId: flags.requestId, errorsOnly: flags.errors, limit })
        for (const r of rows) process.stdout.write(`${JSON.stringify((JSON.parse(r.record) as { event: unknown }).event)}\n`)
      } finally {
        await store.close()
      }
    }),
  )

  withStoreOptions(audit.command('public-key').description('print the seal public key (PEM) that verifies this installation\'s audit logs')).action(
    reportErrors(async (flags: Flags) => {
      const signer = sealKeyFromRootKey(existingRootKey(configFromFlags(flags)))
      process.stdout.write(signer.publicKey.export({ format: 'pem', type: 'spki' }).toString())
    }),
  )

  withStoreOptions(
    audit
      .command('prune')
      .description('delete stored audit records older than the given age (each chain keeps the seal that anchors the rest)')
      .requiredOption('--older-than-days <n>', 'age in days'),
  ).action(
    reportErrors(async (flags: Flags & { olderThanDays: string }) => {
      const days = Number(flags.olderThanDays)
      if (!Number.isFinite(days) || days < 0) throw new Error('openkms audit prune: --older-than-days must be a number of days')
      const config = configFromFlags(flags)
      requireExistingInstallation(config, { command: 'audit' })
      const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, admin: true })
      try {
        process.stdout.write(`deleted ${await store.audit.prune(Date.now() - days * DAY)} audit records\n`)
      } finally {
        await store.close()
      }
    }),
  )
}
