/**
 * Restoring a SQLite backup (`openkms restore`): check the backup, make sure no process has the database
 * open, keep the current database aside, then copy with SQLite's backup API, which writes through
 * SQLite's own pager (so the target's WAL is dealt with correctly, unlike a file copy over a WAL database).
 */
import BetterSqlite3 from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { LATEST_SCHEMA_VERSION } from './migrations/index.js'
import { openSqliteStore } from './sqlite.js'

export interface SqliteBackupInfo {
  /** Empty when the file is a sound openkms database this build can open. */
  problems: string[]
  schemaVersion: number
  /** The root-key check value recorded in the backup, if any (runtime/root-key-check.ts). */
  rootKeyCheck?: string
  instanceId?: string
}

/**
 * Whether another connection (an openkms process, the sqlite3 shell…) has the database open. Every WAL
 * connection holds a shared lock on the file while open; an exclusive lock is granted only when none do.
 */
export function sqliteInUse(file: string): boolean {
  if (!existsSync(file)) return false
  const probe = new BetterSqlite3(file, { fileMustExist: true })
  try {
    probe.pragma('busy_timeout = 0')
    probe.pragma('locking_mode = EXCLUSIVE')
    probe.exec('begin exclusive')
    probe.exec('commit')
    return false
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY' || (err as { code?: string }).code === 'SQLITE_LOCKED') return true
    throw err
  } finally {
    probe.close()
  }
}

/** Opens `file` read-only and checks it: SQLite's integrity and foreign keys, an openkms schema this build knows. */
export function inspectSqliteBackup(file: string): SqliteBackupInfo {
  let db: BetterSqlite3.Database
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true })
  } catch (err) {
    return { problems: [`cannot open ${file}: ${String(err)}`], schemaVersion: 0 }
  }
  try {
    return inspectOpen(db)
  } catch (err) {
    return { problems: [`${file}: ${(err as Error).message}`], schemaVersion: 0 }
  } finally {
    db.close()
  }
}

function inspectOpen(db: BetterSqlite3.Database): SqliteBackupInfo {
  const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check)
  const problems = integrity.filter((m) => m !== 'ok')
  if (problems.length > 0) return { problems, schemaVersion: 0 }
  const orphans = db.pragma('foreign_key_check') as unknown[]
  if (orphans.length > 0) problems.push(`${orphans.length} rows reference missing rows`)
  const tables = new Set((db.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>).map((r) => r.name))
  if (!tables.has('schema_migrations') || !tables.has('meta')) return { problems: [...problems, 'not an openkms database'], schemaVersion: 0 }
  const schemaVersion = Number((db.prepare('select max(version) as v from schema_migrations').get() as { v: number | null }).v ?? 0)
  if (schemaVersion > LATEST_SCHEMA_VERSION)
    problems.push(`schema version ${schemaVersion} is newer than this build knows (${LATEST_SCHEMA_VERSION}); upgrade openkms first`)
  const meta = (key: string) => (db.prepare('select value from meta where key = ?').get(key) as { value: string } | undefined)?.value
  return { problems, schemaVersion, rootKeyCheck: meta('rootKeyCheck'), instanceId: meta('instanceId') }
}

/**
 * Replaces `target` by the contents of `backup`, first copying the current database to `keepAs` (when it
 * exists), then opens the result (applying any newer migrations) and returns its integrity problems.
 * The caller has checked the backup and that nothing has `target` open.
 */
export async function restoreSqlite(backup: string, target: string, keepAs: string): Promise<string[]> {
  if (existsSync(target)) {
    const current = new BetterSqlite3(target, { fileMustExist: true })
    try {
      await current.backup(keepAs)
    } finally {
      current.close()
    }
  }
  const source = new BetterSqlite3(backup, { readonly: true, fileMustExist: true })
  try {
    await source.backup(target)
  } finally {
    source.close()
  }
  const store = await openSqliteStore({ file: target })
  try {
    return await store.integrityCheck()
  } finally {
    await store.close()
  }
}
