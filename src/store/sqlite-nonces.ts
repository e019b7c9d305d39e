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
 *
 * Row layout: one B-tree keyed by (expires_at, h1, h2), where h1/h2 are a 64-bit hash of (AccessKeyId,
 * nonce). expires_at is derived from the signed request time (NonceGuard), so a replay of a request
 * (same signed time, same nonce) lands on the same key; and since it grows with time, new rows are appended
 * at the right edge of the tree instead of landing on random pages of a table of millions, and the purge
 * is a range delete of the tree's left end. A claim costs about a third of the earlier
 * (access_key_id, nonce) text key with a second index on expires_at.
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
    db.exec(`create table if not exists nonce_claims (
      expires_at integer not null,
      h1 integer not null,
      h2 integer not null,
      primary key (expires_at, h1, h2)
    ) without rowid`)
    db.pragma('busy_timeout = 0')
  } catch (err) {
    db.close()
    throw err
  }
  const insert = db.prepare('insert into nonce_claims (expires_at, h1, h2) values (?, ?, ?) on conflict do nothing')
  const purge = db.prepare('delete from nonce_claims where expires_at < ?')
  const legacy = legacyNonces(db)
  // One write transaction per batch; IMMEDIATE queues writers of other processes instead of failing them.
  const claimAll = db.transaction((entries: NonceClaim[]) =>
    entries.map((e) => {
      const [h1, h2] = nonceHash(e.accessKeyId, e.nonce)
      return insert.run(e.expiresAt, h1, h2).changes === 1 && !legacy.seen(e)
    }),
  )

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
    purge: async (now) => purge.run(now).changes + legacy.purge(now),
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

/**
 * 64-bit hash of (AccessKeyId, nonce) as two signed 32-bit integers (two multiply-xorshift lanes over the
 * UTF-16 code units, with a separator so ('ab','c') and ('a','bc') differ). Not cryptographic: nonces are
 * the clients' own random values, and a collision only refuses one request as a replay; with 64 bits and
 * the rows of one expiry millisecond it does not happen in practice.
 */
export function nonceHash(accessKeyId: string, nonce: string): [number, number] {
  let a = 0x9e3779b9 ^ accessKeyId.length
  let b = 0x85ebca6b ^ nonce.length
  const mix = (c: number) => {
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995)
    b ^= b >>> 15
  }
  for (let i = 0; i < accessKeyId.length; i++) mix(accessKeyId.charCodeAt(i))
  mix(0x10000)
  for (let i = 0; i < nonce.length; i++) mix(nonce.charCodeAt(i))
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b)
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35)
  b = Math.imul(b ^ (b >>> 16), 0x27d4eb2f)
  b = Math.imul(b ^ (b >>> 13), 0x165667b1)
  return [(a ^ (a >>> 16)) | 0, (b ^ (b >>> 16)) | 0]
}

/**
 * Nonce files written by earlier versions hold a `nonces` table keyed by the text (access_key_id, nonce).
 * Its unexpired rows are still checked, so a request claimed just before an upgrade cannot be replayed
 * after it; once nothing in it is unexpired, the table is dropped.
 */
function legacyNonces(db: BetterSqlite3.Database): { seen(e: NonceClaim): boolean; purge(now: number): number } {
  const exists = () => db.prepare("select 1 from sqlite_master where type = 'table' and name = 'nonces'").get() !== undefined
  if (!exists()) return { seen: () => false, purge: () => 0 }
  let find: BetterSqlite3.Statement | undefined = db.prepare('select 1 from nonces where access_key_id = ? and nonce = ?')
  let remove: BetterSqlite3.Statement | undefined = db.prepare('delete from nonces where expires_at < ?')
  const gone = () => {
    find = remove = undefined
  }
  return {
    seen: (e) => {
      try {
        return find?.get(e.accessKeyId, e.nonce) !== undefined
      } catch (err) {
        if (exists()) throw err
        gone() // another process dropped it
        return false
      }
    },
    purge: (now) => {
      if (!remove) return 0
      try {
        const n = remove.run(now).changes
        if (db.prepare('select 1 from nonces limit 1').get() === undefined) {
          db.exec('drop table if exists nonces')
          gone()
        }
        return n
      } catch (err) {
        if (exists()) throw err
        gone()
        return 0
      }
    },
  }
}
