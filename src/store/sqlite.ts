/**
 * The default engine: one SQLite file through better-sqlite3. See docs/storage.md for the pragmas and
 * why every transaction starts with BEGIN IMMEDIATE.
 */
import BetterSqlite3 from 'better-sqlite3'
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import { Kysely, SqliteDialect, sql, type SqliteDatabase } from 'kysely'
import type { Store } from './store.js'
import type { Database } from './sql/schema.js'
import { createSqlStore } from './sql/sql-store.js'
import { migrate } from './migrations/index.js'
import { noncesFileFor, openSqliteNonces } from './sqlite-nonces.js'
import { openThreadedSqliteNonces } from './sqlite-nonces-thread.js'
import { registerWriteProbe } from './write-probe.js'
import { auditFileFor, openSqliteAudit, type SqliteAuditRepo } from './sqlite-audit.js'

/** How long a writer waits for another process's write lock before SQLITE_BUSY (ms). */
const BUSY_TIMEOUT_MS = 5000
const STATEMENT_CACHE_SIZE = 256
/** How often another process's changes are looked for (ms); the request pipeline also syncs per request. */
const CHANGE_POLL_MS = 200

const handles = new WeakMap<Store, BetterSqlite3.Database>()

/**
 * Opens (creating if needed) and migrates a SQLite store. WAL lets readers run beside the single writer;
 * `synchronous=FULL` makes every commit durable across power loss, not only across process crashes.
 */
export async function openSqliteStore(opts: { file: string }): Promise<Store> {
  const raw = openDatabaseFile(opts.file)
  let nonces: { close(): void | Promise<void> } | undefined
  let audit: SqliteAuditRepo | undefined
  try {
    raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    raw.pragma('journal_mode = WAL')
    raw.pragma('synchronous = FULL')
    raw.pragma('foreign_keys = ON')
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) })
    await migrate(db, 'sqlite')
    // A file store keeps its nonce file in a thread of its own (a stalled disk must not block requests).
    const threaded = opts.file === ':memory:' ? undefined : await openThreadedSqliteNonces(noncesFileFor(opts.file), opts.file)
    const nonceRepo = threaded ?? openSqliteNonces(noncesFileFor(opts.file))
    nonces = nonceRepo
    audit = await openSqliteAudit(auditFileFor(opts.file))
    restrictFileModes(opts.file)
    const dataVersion = raw.prepare('pragma data_version').pluck()
    const store = await createSqlStore({
      engine: 'sqlite',
      db,
      nonces: nonceRepo,
      audit,
      changes: {
        pollMs: opts.file === ':memory:' ? 0 : CHANGE_POLL_MS,
        version: () => dataVersion.get() as number,
      },
      transaction: (body) =>
        db.connection().execute(async (conn) => {
          // A deferred BEGIN would take the write lock only at the first write; two processes that both
          // read first then deadlock on the upgrade (SQLITE_BUSY without waiting). IMMEDIATE queues them.
          await sql`begin immediate`.execute(conn)
          try {
            const result = await body(conn)
            await sql`commit`.execute(conn)
            return result
          } catch (err) {
            if (raw.inTransaction) await sql`rollback`.execute(conn)
            throw err
          }
        }),
      integrityCheck: async () => {
        const problems = raw.pragma('integrity_check') as Array<{ integrity_check: string }>
        const found = problems.map((r) => r.integrity_check).filter((m) => m !== 'ok')
        const orphans = raw.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>
        return [...found, ...orphans.map((o) => `${o.table} row ${o.rowid} references a missing ${o.parent} row`)]
      },
      close: () => db.destroy(),
    })
    handles.set(store, raw)
    if (threaded) registerWriteProbe(store, (timeoutMs) => threaded.probe(timeoutMs))
    return store
  } catch (err) {
    await nonces?.close()
    await audit?.close()
    if (raw.open) raw.close()
    throw err
  }
}

/** Owner-only: the files hold wrapped secrets and, in the nonce file, who called when. */
const FILE_MODE = 0o600

/**
 * Opens the database file, created owner-only first: SQLite gives its -wal and -shm files the mode of the
 * database file. An error names the file and says what to check (SQLite's own says only "unable to open").
 */
function openDatabaseFile(file: string): BetterSqlite3.Database {
  if (file === ':memory:') return new BetterSqlite3(file)
  try {
    for (const f of [file, noncesFileFor(file)]) if (!existsSync(f)) closeSync(openSync(f, 'wx', FILE_MODE))
    const db = new BetterSqlite3(file)
    // WAL needs to create files beside the database: a read-only directory fails here, not on the first write.
    db.pragma('journal_mode = WAL')
    return db
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    if (err.code === 'EEXIST') return openDatabaseFile(file)
    throw Object.assign(
      new Error(`${file}: cannot open the database (${err.code ?? err.message}): the data directory ${dirname(file)} must be writable by this user`),
      { code: err.code },
    )
  }
}

/** Databases created before files were made owner-only are tightened at start. */
function restrictFileModes(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-nonces', '-nonces-wal', '-nonces-shm', '-audit', '-audit-wal', '-audit-shm']) {
    try {
      chmodSync(`${file}${suffix}`, FILE_MODE)
    } catch {
      // absent (a -shm file exists only while open) or not ours to change: nothing to tighten
    }
  }
}

/**
 * Copies a live SQLite store to `destFile` with SQLite's online backup API: a consistent snapshot while
 * the store keeps serving. Resolves with the number of pages copied.
 */
export async function backupSqlite(store: Store, destFile: string): Promise<number> {
  const raw = handles.get(store)
  if (!raw) throw new Error('backupSqlite needs a store opened by openSqliteStore')
  const { totalPages } = await raw.backup(destFile)
  return totalPages
}

/**
 * Kysely prepares every query afresh; reusing prepared statements for repeated SQL saves the parse on
 * hot paths (key lookups, nonce claims).
 */
function withStatementCache(raw: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>()
  return {
    close: () => raw.close(),
    prepare: (text) => {
      let stmt = cache.get(text)
      if (stmt) {
        cache.delete(text)
      } else {
        stmt = raw.prepare(text)
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string)
      }
      cache.set(text, stmt)
      return stmt
    },
  }
}
