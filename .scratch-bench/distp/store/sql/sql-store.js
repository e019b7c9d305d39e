/**
 * The engine-neutral half of a SQL store: repositories, transaction scoping and change notices. An engine
 * (src/store/sqlite.ts, src/store/postgres.ts) supplies how to open one transaction and how its change
 * notices travel between processes.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ChangeHub } from './change-hub.js';
import { ChangeFeed } from './change-feed.js';
import { makeRepos } from './repos.js';
import { withStatementGuard } from './statement-guard.js';
const databases = new WeakMap();
/** The database under a store made by `createSqlStore`, for maintenance commands that need plain SQL. */
export function sqlDatabaseOf(store) {
    const db = databases.get(store);
    if (!db)
        throw new Error('openkms: not a SQL store');
    return db;
}
/** One running transaction: its connection, its repositories and the notices it will announce on commit. */
class TxScope {
    conn;
    notices = [];
    seen = new Set();
    open = true;
    repos;
    constructor(conn, enqueue) {
        this.conn = conn;
        const ctx = { db: () => this.executor(), atomic: (fn) => fn(this.executor()) };
        this.repos = makeRepos(ctx, (topic, id) => enqueue(this, { topic, id }));
    }
    executor() {
        if (!this.open)
            throw new Error('openkms store: this transaction has already ended');
        return this.conn;
    }
}
/**
 * Wraps an engine into a `Store`. The current transaction travels in AsyncLocalStorage, so a `store.tx`
 * (or any `store.*` call) made inside a running transaction joins it instead of waiting for a second
 * connection, which on SQLite's single connection would deadlock. Notices are written with their
 * transaction and delivered through the change feed once committed.
 */
export async function createSqlStore(engine) {
    const hub = new ChangeHub();
    const onError = (err) => process.emitWarning(err instanceof Error ? err : new Error(String(err)), 'OpenKmsChangeFeed');
    const feed = new ChangeFeed(engine.db, hub, { pollMs: engine.changes.pollMs, onError });
    await feed.start();
    const push = engine.changes.listen?.(() => feed.wake());
    const scopes = new AsyncLocalStorage();
    const active = () => {
        const scope = scopes.getStore();
        return scope?.open ? scope : undefined;
    };
    const enqueue = async (scope, notice) => {
        scope.executor();
        const key = `${notice.topic}\u0000${notice.id}`;
        if (scope.seen.has(key))
            return;
        scope.seen.add(key);
        scope.notices.push(notice);
    };
    const inTransaction = async (fn) => {
        let notified = false;
        const result = await engine.transaction(async (conn) => {
            const scope = new TxScope(conn, enqueue);
            const guard = engine.guard
                ? (write) => (scope.open ? engine.guard(conn, write) : write())
                : undefined;
            try {
                const value = await scopes.run(scope, () => withStatementGuard(guard, () => fn(scope)));
                // Written last, so PostgreSQL's feed lock (beforeRecord) is held only from here to the commit.
                if (scope.notices.length > 0) {
                    await engine.changes.beforeRecord?.(conn);
                    await hub.record(conn, scope.notices);
                }
                notified = scope.notices.length > 0;
                return value;
            }
            finally {
                scope.open = false;
            }
        });
        if (notified)
            await feed.sync().catch(onError);
        return result;
    };
    const root = {
        db: () => active()?.conn ?? engine.db,
        atomic: (fn) => {
            const scope = active();
            return scope ? fn(scope.conn) : inTransaction((s) => fn(s.conn));
        },
    };
    const repos = makeRepos(root, async (topic, id) => {
        const scope = active();
        if (scope)
            return enqueue(scope, { topic, id });
        await inTransaction((s) => enqueue(s, { topic, id }));
    });
    const store = {
        ...repos,
        engine: engine.engine,
        tx: (fn) => {
            const scope = active();
            return scope ? fn(scope.repos) : inTransaction((s) => fn(s.repos));
        },
        subscribe: (listener) => hub.subscribe(listener),
        sync: () => (active() ? Promise.resolve() : feed.sync()),
        integrityCheck: () => engine.integrityCheck(),
        close: async () => {
            await push?.close();
            await feed.close();
            await engine.close();
        },
    };
    databases.set(store, engine.db);
    return store;
}
