/**
 * The engine-neutral half of a SQL store: repositories, transaction scoping and change notices. An engine
 * (src/store/sqlite.ts, src/store/postgres.ts) supplies how to open one transaction and how its change
 * notices travel between processes.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Kysely } from 'kysely'
import type { AuditRepo, NonceRepo, Repos, Store } from '../store.js'
import type { Database } from './schema.js'
import type { SqlContext } from './context.js'
import { ChangeHub, type Notice } from './change-hub.js'
import { ChangeFeed } from './change-feed.js'
import { makeRepos } from './repos.js'
import { SqlNonceRepo } from './auth.js'
import { SqlAuditRepo } from './audit.js'
import { withStatementGuard, type StatementGuard } from './statement-guard.js'

export interface SqlEngine {
  readonly engine: Store['engine']
  readonly db: Kysely<Database>
  /**
   * Runs `body` in one engine transaction on a dedicated connection: commits when it resolves, rolls back
   * when it throws. May re-run `body` after a serialisation failure.
   */
  transaction<T>(body: (conn: Kysely<Database>) => Promise<T>): Promise<T>
  integrityCheck(): Promise<string[]>
  close(): Promise<void>
  /** Nonces kept outside the main database (SQLite: a file of their own, src/store/sqlite-nonces.ts). */
  readonly nonces?: NonceRepo & { close(): void | Promise<void> }
  /** Audit records kept outside the main database (SQLite: a file of their own, src/store/sqlite-audit.ts). */
  readonly audit?: AuditRepo & { close(): Promise<void> }
  /** Runs one write of a transaction so that its failure leaves the transaction usable (PostgreSQL savepoint). */
  guard?<T>(conn: Kysely<Database>, write: () => Promise<T>): Promise<T>
  /** How change notices reach other processes (change-feed.ts). */
  readonly changes: {
    /** Period of the fallback poll of the `changes` table, ms (0: none, e.g. an in-memory database). */
    readonly pollMs: number
    /** Runs in a notifying transaction just before its rows go into `changes` (PostgreSQL: lock, NOTIFY). */
    beforeRecord?(conn: Kysely<Database>): Promise<void>
    /**
     * A cheap, synchronous counter that changes whenever another connection commits (SQLite `PRAGMA
     * data_version`). While it stands still, and this process has not committed since, the feed is not read.
     */
    version?(): number
    /** Starts a push channel that calls `wake` when another process has committed changes. */
    listen?(wake: () => void): { close(): Promise<void> }
  }
}

const executors = new WeakMap<Store, () => Kysely<Database>>()

/**
 * The executor under a store made by `createSqlStore`, for maintenance commands that need plain SQL: the
 * running transaction's connection when called inside `store.tx`, the database otherwise.
 */
export function sqlDatabaseOf(store: Store): Kysely<Database> {
  const executor = executors.get(store)
  if (!executor) throw new Error('openkms: not a SQL store')
  return executor()
}

/** One running transaction: its connection, its repositories and the notices it will announce on commit. */
class TxScope {
  readonly notices: Notice[] = []
  readonly seen = new Set<string>()
  open = true
  readonly repos: Repos

  constructor(
    readonly conn: Kysely<Database>,
    enqueue: (scope: TxScope, notice: Notice) => Promise<void>,
  ) {
    const ctx: SqlContext = { db: () => this.executor(), atomic: (fn) => fn(this.executor()) }
    this.repos = makeRepos(ctx, (topic, id) => enqueue(this, { topic, id }))
  }

  executor(): Kysely<Database> {
    if (!this.open) throw new Error('openkms store: this transaction has already ended')
    return this.conn
  }
}

/**
 * Wraps an engine into a `Store`. The current transaction travels in AsyncLocalStorage, so a `store.tx`
 * (or any `store.*` call) made inside a running transaction joins it instead of waiting for a second
 * connection, which on SQLite's single connection would deadlock. Notices are written with their
 * transaction and delivered through the change feed once committed.
 */
export async function createSqlStore(engine: SqlEngine): Promise<Store> {
  const hub = new ChangeHub()
  const onError = (err: unknown) =>
    process.emitWarning(err instanceof Error ? err : new Error(String(err)), 'OpenKmsChangeFeed')
  const feed = new ChangeFeed(engine.db, hub, { pollMs: engine.changes.pollMs, onError, version: engine.changes.version })
  await feed.start()
  const push = engine.changes.listen?.(() => feed.wake())
  const scopes = new AsyncLocalStorage<TxScope>()
  const active = (): TxScope | undefined => {
    const scope = scopes.getStore()
    return scope?.open ? scope : undefined
  }

  const enqueue = async (scope: TxScope, notice: Notice): Promise<void> => {
    scope.executor() // throws once the transaction has ended: a late notice would never be written
    const key = `${notice.topic}\u0000${notice.id}`
    if (scope.seen.has(key)) return
    scope.seen.add(key)
    scope.notices.push(notice)
  }

  // While AsyncLocalStorage is enabled, Node 20 runs a hook on every promise in the process (a few % of a
  // request's CPU). It is needed only while a transaction runs, so it is switched off when none does;
  // `run` switches it on again.
  let running = 0
  const inTransaction = async <T>(fn: (scope: TxScope) => Promise<T>): Promise<T> => {
    running += 1
    try {
      return await runTransaction(fn)
    } finally {
      if (--running === 0) scopes.disable()
    }
  }

  const runTransaction = async <T>(fn: (scope: TxScope) => Promise<T>): Promise<T> => {
    let notified = false
    const result = await engine.transaction(async (conn) => {
      const scope = new TxScope(conn, enqueue)
      const savepoint = engine.guard
      const guard: StatementGuard | undefined = savepoint && ((write) => (scope.open ? savepoint(conn, write) : write()))
      try {
        const value = await scopes.run(scope, () => withStatementGuard(guard, () => fn(scope)))
        // Written last, so PostgreSQL's feed lock (beforeRecord) is held only from here to the commit.
        if (scope.notices.length > 0) {
          await engine.changes.beforeRecord?.(conn)
          await hub.record(conn, scope.notices)
        }
        notified = scope.notices.length > 0
        return value
      } finally {
        scope.open = false
      }
    })
    // Forced: this connection's own commits do not move its data_version.
    if (notified) await feed.sync(true).catch(onError)
    return result
  }

  const root: SqlContext = {
    db: () => active()?.conn ?? engine.db,
    atomic: (fn) => {
      const scope = active()
      return scope ? fn(scope.conn) : inTransaction((s) => fn(s.conn))
    },
  }

  const repos = makeRepos(root, async (topic, id) => {
    const scope = active()
    if (scope) return enqueue(scope, { topic, id })
    await inTransaction((s) => enqueue(s, { topic, id }))
  })
  // Outside `root`: a claim made during someone's transaction must not join (and wait for) it.
  const nonces = engine.nonces ?? new SqlNonceRepo({ db: () => engine.db, atomic: (fn) => fn(engine.db) })

  const audit = engine.audit ?? new SqlAuditRepo({ db: () => engine.db, atomic: (fn) => engine.transaction(fn) })

  const store: Store = {
    ...repos,
    nonces,
    audit,
    engine: engine.engine,
    tx: (fn) => {
      const scope = active()
      return scope ? fn(scope.repos) : inTransaction((s) => fn(s.repos))
    },
    subscribe: (listener) => hub.subscribe(listener),
    sync: () => (active() ? Promise.resolve() : feed.sync()),
    integrityCheck: () => engine.integrityCheck(),
    close: async () => {
      await push?.close()
      await feed.close()
      await engine.nonces?.close()
      await engine.audit?.close()
      await engine.close()
    },
  }
  executors.set(store, root.db)
  return store
}
