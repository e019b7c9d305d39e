/**
 * The engine-neutral half of a SQL store: repositories, transaction scoping and change notices. An engine
 * (src/store/sqlite.ts, later PostgreSQL) supplies only how to open one transaction.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Kysely } from 'kysely'
import type { Repos, Store } from '../store.js'
import type { Database } from './schema.js'
import type { SqlContext } from './context.js'
import { ChangeHub, type Notice } from './change-hub.js'
import { makeRepos } from './repos.js'

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
 * connection, which on SQLite's single connection would deadlock.
 */
export function createSqlStore(engine: SqlEngine): Store {
  const hub = new ChangeHub()
  const scopes = new AsyncLocalStorage<TxScope>()
  const active = (): TxScope | undefined => {
    const scope = scopes.getStore()
    return scope?.open ? scope : undefined
  }

  const enqueue = async (scope: TxScope, notice: Notice): Promise<void> => {
    const key = `${notice.topic}\u0000${notice.id}`
    if (scope.seen.has(key)) return
    scope.seen.add(key)
    await hub.record(scope.executor(), notice)
    scope.notices.push(notice)
  }

  const inTransaction = async <T>(fn: (scope: TxScope) => Promise<T>): Promise<T> => {
    let committed: TxScope | undefined
    const result = await engine.transaction(async (conn) => {
      const scope = new TxScope(conn, enqueue)
      try {
        const value = await scopes.run(scope, () => fn(scope))
        committed = scope
        return value
      } finally {
        scope.open = false
      }
    })
    if (committed) hub.deliver(committed.notices)
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
    await hub.record(engine.db, { topic, id })
    hub.deliver([{ topic, id }])
  })

  return {
    ...repos,
    engine: engine.engine,
    tx: (fn) => {
      const scope = active()
      return scope ? fn(scope.repos) : inTransaction((s) => fn(s.repos))
    },
    subscribe: (listener) => hub.subscribe(listener),
    integrityCheck: () => engine.integrityCheck(),
    close: () => engine.close(),
  }
}
