/**
 * NonceRepo for the SQLite engine, in a database file of its own (`<store file>-nonces`).
 *
 * Why apart from the main file: every signed request claims a nonce, so these are by far the most frequent
 * writes. In the main file each one would be an fsync'd commit (synchronous=FULL), and every commit bumps the
 * main file's `PRAGMA data_version` for the other processes, which then re-read the change feed on every
 * request. Here the file runs with synchronous=NORMAL: a commit is a write into the WAL, not an fsync. A
 * process crash loses nothing; a power loss or OS crash can lose the claims since the last checkpoint, which
 * `checkpointMs` bounds (docs/storage.md, "Nonces"). Statements are prepared once and run through
 * better-sqlite3 directly: a batch of claims costs microseconds, not a query builder's round.
 */
import BetterSqlite3 from 'better-sqlite3'
import type { NonceClaim, NonceRepo } from './repos/auth.js'

/** How long a claim keeps retrying while other processes hold the write lock, ms. */
const BUSY_DEADLINE_MS = 5000
/** How often claims are forced to disk (a WAL checkpoint fsyncs it), ms. */
const CHECKPOINT_MS = 1000

export interface SqliteNonceRepo extends NonceRepo {
  close(): void
}

/** The nonce file that belongs to a store file; an in-memory store gets an in-memory nonce table. */
export function noncesFileFor(storeFile: string): string {
  return storeFile === ':memory:' ? ':memory:' : `${storeFile}-nonces`
}

export function openSqliteNonces(file: string, opts: { checkpointMs?: number } = {}): SqliteNonceRepo {
  const db = new BetterSqlite3(file)
  try {
    // No busy_timeout: SQLite's busy handler sleeps on the event loop. A busy claim is retried from a timer
    // instead (the lock is held for microseconds: no fsync under synchronous=NORMAL). Set-up may wait.
    db.pragma('busy_timeout = 5000')
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.exec(`create table if not exists nonces (
      access_key_id text not null,
      nonce text not null,
      expires_at integer not null,
      primary key (access_key_id, nonce)
    ) without rowid`)
    db.exec('create index if not exists nonces_by_expiry on nonces (expires_at)')
    db.pragma('busy_timeout = 0')
  } catch (err) {
    db.close()
    throw err
  }
  const insert = db.prepare('insert into nonces (access_key_id, nonce, expires_at) values (?, ?, ?) on conflict do nothing')
  const purge = db.prepare('delete from nonces where expires_at < ?')
  // One write transaction per batch; IMMEDIATE queues writers of other processes instead of failing them.
  const claimAll = db.transaction((entries: NonceClaim[]) => entries.map((e) => insert.run(e.accessKeyId, e.nonce, e.expiresAt).changes === 1))

  let dirty = false
  const every = opts.checkpointMs ?? CHECKPOINT_MS
  const timer =
    file === ':memory:' || every <= 0
      ? undefined
      : setInterval(() => {
          if (!dirty) return
          dirty = false
          try {
            db.pragma('wal_checkpoint(PASSIVE)')
          } catch {
            dirty = true // busy or closing: the next tick retries
          }
        }, every)
  timer?.unref()

  return {
    claim: async (entries) => {
      if (entries.length === 0) return []
      const deadline = Date.now() + BUSY_DEADLINE_MS
      for (let wait = 0; ; wait = Math.min(2 * wait + 1, 16)) {
        try {
          const fresh = claimAll.immediate(entries)
          dirty = true
          return fresh
        } catch (err) {
          if (!isBusy(err) || Date.now() > deadline) throw err
        }
        await new Promise((resolve) => (wait === 0 ? setImmediate(resolve) : setTimeout(resolve, wait)))
      }
    },
    purge: async (now) => purge.run(now).changes,
    close: () => {
      if (timer) clearInterval(timer)
      if (db.open) db.close()
    },
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED'
}
