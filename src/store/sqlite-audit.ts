/**
 * The audit records of a SQLite store, in a database file of its own (`<store file>-audit`), for the reason
 * the nonces have theirs (sqlite-nonces.ts): one audit write per request group, and in the main file each
 * would be an fsync'd commit (synchronous=FULL) that also holds up every other write and moves the main
 * file's data_version for all processes. Here commits are WAL writes (synchronous=NORMAL): a process crash
 * loses nothing; a power loss can lose the records since the last checkpoint, which runs every second while
 * there are new records. The seals chain over them either way, so a loss shows as a cut tail, never as a
 * silent gap (docs/audit.md). The table is the one migration 0006 defines for PostgreSQL.
 */
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { AuditRepo, AuditRow } from './repos/audit.js'
import type { Database } from './sql/schema.js'
import { SqlAuditRepo } from './sql/audit.js'
import { createAuditTable } from './migrations/0006-audit.js'
import { columnTypes } from './migrations/column-types.js'

const CHECKPOINT_MS = 1000

export interface SqliteAuditRepo extends AuditRepo {
  close(): Promise<void>
}

export function auditFileFor(storeFile: string): string {
  return storeFile === ':memory:' ? ':memory:' : `${storeFile}-audit`
}

export async function openSqliteAudit(file: string): Promise<SqliteAuditRepo> {
  const raw = new BetterSqlite3(file)
  let db: Kysely<Database> | undefined
  try {
    raw.pragma('busy_timeout = 5000')
    raw.pragma('journal_mode = WAL')
    raw.pragma('synchronous = NORMAL')
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) })
    const exists = raw.prepare("select 1 from sqlite_master where type = 'table' and name = 'audit_records'").get()
    if (!exists) {
      raw.exec('begin immediate')
      try {
        if (!raw.prepare("select 1 from sqlite_master where type = 'table' and name = 'audit_records'").get()) await createAuditTable(db, columnTypes('sqlite'))
        raw.exec('commit')
      } catch (err) {
        if (raw.inTransaction) raw.exec('rollback')
        throw err
      }
    }
  } catch (err) {
    await db?.destroy()
    if (raw.open) raw.close()
    throw err
  }
  const kysely = db
  // Appends are the hot path: one prepared statement in one transaction per batch, without a query builder.
  const insert = raw.prepare(
    'insert into audit_records (chain_id, seq, kind, event_time, request_id, event_name, error_code, caller, record) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const appendAll = raw.transaction((rows: readonly AuditRow[]) => {
    for (const r of rows) insert.run(r.chainId, r.seq, r.kind, r.time, r.requestId, r.eventName, r.errorCode, r.caller, r.record)
  })
  const repo = new SqlAuditRepo({ db: () => kysely, atomic: (fn) => kysely.transaction().execute(fn) })
  let dirty = false
  const timer =
    file === ':memory:'
      ? undefined
      : setInterval(() => {
          if (!dirty) return
          dirty = false
          try {
            raw.pragma('wal_checkpoint(PASSIVE)')
          } catch {
            dirty = true
          }
        }, CHECKPOINT_MS)
  timer?.unref()
  return {
    append: async (rows) => {
      if (rows.length === 0) return
      appendAll.immediate(rows)
      dirty = true
    },
    list: (q) => repo.list(q),
    chains: () => repo.chains(),
    readChain: (c, a, l) => repo.readChain(c, a, l),
    prune: (before) => repo.prune(before),
    close: async () => {
      clearInterval(timer)
      await kysely.destroy()
    },
  }
}
