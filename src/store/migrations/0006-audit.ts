/**
 * The audit log's store sink: one row per chain record (docs/audit.md). The primary key is the chain and its
 * sequence number, so each process appends to its own chain without contention; the whole record is kept
 * as written (its JSON is what the hashes cover) and a few columns are copied out for queries and retention.
 * SQLite keeps this table in a file of its own (src/store/sqlite-audit.ts), so there the step does nothing.
 */
import type { Kysely } from 'kysely'
import type { Migration } from './migration.js'
import type { ColumnTypes } from './column-types.js'

export const migration: Migration = {
  version: 6,
  name: 'audit',
  async up(db: Kysely<any>, t) {
    if (t.engine !== 'sqlite') await createAuditTable(db, t)
  },
}

export async function createAuditTable(db: Kysely<any>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('audit_records')
    .addColumn('chain_id', t.text, (c) => c.notNull())
    .addColumn('seq', t.int64, (c) => c.notNull())
    .addColumn('kind', t.text, (c) => c.notNull())
    .addColumn('event_time', t.int64, (c) => c.notNull())
    .addColumn('request_id', t.text)
    .addColumn('event_name', t.text)
    .addColumn('error_code', t.text)
    .addColumn('caller', t.text)
    .addColumn('record', t.text, (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_records_pk', ['chain_id', 'seq'])
    .execute()
  await db.schema.createIndex('audit_records_by_time').on('audit_records').columns(['event_time']).execute()
  await db.schema.createIndex('audit_records_by_request').on('audit_records').columns(['request_id']).execute()
}
