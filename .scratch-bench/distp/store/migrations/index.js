/**
 * Schema migrator. Applies, in order, every migration the database has not recorded in
 * `schema_migrations`, all in one transaction that also serialises concurrent starters: SQLite takes the
 * write lock up front (BEGIN IMMEDIATE), PostgreSQL a transaction-scoped advisory lock. The loser of the
 * race waits, then finds the work done.
 */
import { sql } from 'kysely';
import * as listed from './list.js';
import { columnTypes } from './column-types.js';
function ordered(all) {
    const sorted = [...all].sort((a, b) => a.version - b.version);
    sorted.forEach((m, i) => {
        if (m.version !== i + 1)
            throw new Error(`openkms migrations: expected version ${i + 1}, found ${m.version} (${m.name})`);
    });
    return sorted;
}
/** All known migrations, ordered by version (1, 2, 3… without gaps). */
export const MIGRATIONS = ordered(Object.values(listed));
/** Arbitrary fixed id for `pg_advisory_xact_lock`, shared by every openkms process ("okms" in ASCII). */
const PG_MIGRATION_LOCK = 0x6f6b6d73;
/** Brings the schema up to date; safe to call from several processes at once. */
export async function migrate(db, engine) {
    const t = columnTypes(engine);
    if (engine === 'postgres') {
        await db.transaction().execute(async (trx) => {
            await sql `select pg_advisory_xact_lock(${sql.lit(PG_MIGRATION_LOCK)})`.execute(trx);
            await applyPending(trx, t);
        });
        return;
    }
    await db.connection().execute(async (conn) => {
        await sql `begin immediate`.execute(conn);
        try {
            await applyPending(conn, t);
            await sql `commit`.execute(conn);
        }
        catch (err) {
            await sql `rollback`.execute(conn).catch(() => undefined);
            throw err;
        }
    });
}
async function applyPending(db, t) {
    await db.schema
        .createTable('schema_migrations')
        .ifNotExists()
        .addColumn('version', t.int32, (c) => c.primaryKey())
        .addColumn('name', t.text, (c) => c.notNull())
        .addColumn('applied_at', t.int64, (c) => c.notNull())
        .execute();
    const rows = await db.selectFrom('schema_migrations').select('version').execute();
    const applied = new Set(rows.map((r) => Number(r.version)));
    const newest = Math.max(0, ...applied);
    const latest = MIGRATIONS.length;
    if (newest > latest) {
        throw new Error(`openkms: the database schema is at version ${newest}, newer than this build knows (${latest}); upgrade openkms`);
    }
    for (const m of MIGRATIONS) {
        if (applied.has(m.version))
            continue;
        await m.up(db, t);
        await db.insertInto('schema_migrations').values({ version: m.version, name: m.name, applied_at: Date.now() }).execute();
    }
}
