/**
 * Schema migrator. Applies, in order, every migration the database has not recorded in
 * `schema_migrations`, all in one transaction that also serialises concurrent starters: SQLite takes the
 * write lock up front (BEGIN IMMEDIATE), PostgreSQL a transaction-scoped advisory lock. The loser of the
 * race waits, then finds the work done.
 */
import { sql, type Kysely } from 'kysely'
import * as listed from './list.js'
import { columnTypes, type ColumnTypes, type Engine } from './column-types.js'
import type { Migration } from './migration.js'

export type { Migration } from './migration.js'

/**
 * Versions are reserved per feature (identity 5, audit 6), so a build may know 6 before 5: the list must be
 * strictly increasing, not gapless. A database that later learns 5 applies it then; migrations of
 * different versions never depend on each other's tables unless the later one says so.
 */
function ordered(all: Migration[]): readonly Migration[] {
  const sorted = [...all].sort((a, b) => a.version - b.version)
  sorted.forEach((m, i) => {
    if (!Number.isInteger(m.version) || m.version < 1 || (i > 0 && m.version === (sorted[i - 1] as Migration).version))
      throw new Error(`openkms migrations: version ${m.version} (${m.name}) is not a new positive whole number`)
  })
  return sorted
}

/** All known migrations, ordered by version. */
export const MIGRATIONS: readonly Migration[] = ordered(Object.values(listed))

/** The newest schema version this build knows (versions may have gaps, so not the list's length). */
export const LATEST_SCHEMA_VERSION = Math.max(0, ...MIGRATIONS.map((m) => m.version))

/** Arbitrary fixed id for `pg_advisory_xact_lock`, shared by every openkms process ("okms" in ASCII). */
const PG_MIGRATION_LOCK = 0x6f6b6d73

/** Brings the schema up to date; safe to call from several processes at once. */
export async function migrate(db: Kysely<any>, engine: Engine): Promise<void> {
  const t = columnTypes(engine)
  if (engine === 'postgres') {
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${sql.lit(PG_MIGRATION_LOCK)})`.execute(trx)
      await applyPending(trx, t)
    })
    return
  }
  await db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn)
    try {
      await applyPending(conn, t)
      await sql`commit`.execute(conn)
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => undefined)
      throw err
    }
  })
}

async function applyPending(db: Kysely<any>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('version', t.int32, (c) => c.primaryKey())
    .addColumn('name', t.text, (c) => c.notNull())
    .addColumn('applied_at', t.int64, (c) => c.notNull())
    .execute()
  const rows = await db.selectFrom('schema_migrations').select('version').execute()
  const applied = new Set(rows.map((r: { version: number | string }) => Number(r.version)))
  const newest = Math.max(0, ...applied)
  const latest = LATEST_SCHEMA_VERSION
  if (newest > latest) {
    throw new Error(`openkms: the database schema is at version ${newest}, newer than this build knows (${latest}); upgrade openkms`)
  }
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue
    await m.up(db, t)
    await db.insertInto('schema_migrations').values({ version: m.version, name: m.name, applied_at: Date.now() }).execute()
  }
}
