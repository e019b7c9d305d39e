/**
 * Plain-SQL questions the maintenance commands (`openkms root-key rotate`) ask about a store that the
 * repositories do not answer: which columns hold wrapped bytes, every meta entry, and whether other
 * openkms processes are connected.
 */
import { sql } from 'kysely';
import { sqlDatabaseOf } from './sql-store.js';
import { PG_APPLICATION_NAME } from '../pg-pool.js';
/**
 * Every column named `wrapped_*` (the naming rule for bytes wrapped at rest, docs/storage.md), as
 * `table.column`, sorted: a maintenance command that re-wraps values refuses to run when it meets one it
 * does not know.
 */
export async function wrappedColumns(store) {
    const db = sqlDatabaseOf(store);
    const rows = store.engine === 'sqlite'
        ? await sql `select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p
          where m.type = 'table' and p.name like 'wrapped\\_%' escape '\\'`.execute(db)
        : await sql `select table_name as t, column_name as c from information_schema.columns
          where table_schema = current_schema() and column_name like 'wrapped\\_%'`.execute(db);
    return rows.rows.map((r) => `${r.t}.${r.c}`).sort();
}
/** Every meta entry (small: instance facts, check values, the instance TLS identity). */
export async function allMeta(store) {
    return sqlDatabaseOf(store).selectFrom('meta').select(['key', 'value']).orderBy('key').execute();
}
/**
 * PostgreSQL: how many other openkms processes are connected to this database, counted by their change
 * listener connection (one per running store; a store opened with `listen: false` has none). SQLite: 0,
 * the file lock tells instead (`sqliteInUse`).
 */
export async function otherProcessesConnected(store) {
    if (store.engine !== 'postgres')
        return 0;
    const { rows } = await sql `select count(*) as n from pg_stat_activity
    where datname = current_database() and application_name = ${`${PG_APPLICATION_NAME}-listen`}`.execute(sqlDatabaseOf(store));
    return Number(rows[0]?.n ?? 0);
}
