/**
 * The PostgreSQL engine (Kysely + node-postgres), for several openkms nodes sharing one database. See
 * docs/storage.md ("PostgreSQL") for the isolation level, the retry policy and how change notices travel.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import { createSqlStore } from './sql/sql-store.js';
import { migrate } from './migrations/index.js';
import { createPgPool } from './pg-pool.js';
import { CHANGES_CHANNEL, listenForChanges } from './pg-listener.js';
import { runSerializable } from './pg-retry.js';
/**
 * Lock id of the change feed ("okmc" in ASCII; the migrator uses "okms"). A notifying transaction takes it
 * just before writing its `changes` rows and holds it to its commit, so those rows commit in `seq` order
 * and a reader that has seen `seq` n has seen every committed row below n (src/store/sql/change-feed.ts).
 */
const FEED_LOCK = 0x6f6b6d63;
let savepoints = 0;
/**
 * Connects, migrates (serialised across nodes by an advisory lock) and returns the store. Every
 * transaction runs SERIALIZABLE and is re-run on a serialisation failure or deadlock.
 */
export async function openPostgresStore(opts) {
    const onError = (err) => process.emitWarning(err instanceof Error ? err : new Error(String(err)), 'OpenKmsPostgres');
    const db = new Kysely({
        dialect: new PostgresDialect({ pool: createPgPool({ url: opts.url, max: opts.poolSize ?? 10, onError }) }),
    });
    try {
        await migrate(db, 'postgres');
        return await createSqlStore({
            engine: 'postgres',
            db,
            transaction: (body) => runSerializable(db, body),
            guard: async (conn, write) => {
                const name = sql.id(`okms_sp_${++savepoints}`);
                await sql `savepoint ${name}`.execute(conn);
                try {
                    const result = await write();
                    await sql `release savepoint ${name}`.execute(conn);
                    return result;
                }
                catch (err) {
                    await sql `rollback to savepoint ${name}`.execute(conn);
                    throw err;
                }
            },
            changes: {
                pollMs: opts.changePollMs ?? 1000,
                beforeRecord: async (conn) => {
                    await sql `select pg_advisory_xact_lock(${sql.lit(FEED_LOCK)}), pg_notify(${CHANGES_CHANNEL}, '')`.execute(conn);
                },
                listen: opts.listen === false ? undefined : (wake) => listenForChanges(opts.url, wake, onError),
            },
            integrityCheck: async () => {
                await sql `select 1`.execute(db);
                return [];
            },
            close: () => db.destroy(),
        });
    }
    catch (err) {
        await db.destroy().catch(() => undefined);
        throw err;
    }
}
