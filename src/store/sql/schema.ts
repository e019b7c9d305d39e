/**
 * Table types for the SQL stores (SQLite and PostgreSQL share them). Column conventions, chosen so the same
 * SQL runs on both engines: snake_case names; times are epoch milliseconds in 64-bit integer columns;
 * booleans are integers 0/1; wrapped secrets and public keys are blobs (`blob` / `bytea`, both read back as
 * Buffer). The tables themselves are created by `src/store/migrations/`.
 */
import type { ColumnType, Generated } from 'kysely'

/** A 64-bit integer: SQLite returns a number, node-postgres returns int8 as a string; mappers use `toNumber`. */
export type Int64 = ColumnType<number | string, number, number>
export type NullableInt64 = ColumnType<number | string | null, number | null, number | null>
/** Boolean stored as 0/1. */
export type Flag = ColumnType<number, 0 | 1, 0 | 1>

export interface KeysTable {
  key_id: string
  description: string
  key_spec: string
  key_usage: string
  origin: string
  protection_level: string
  state: string
  creator: string
  created_at: Int64
  delete_date: NullableInt64
  primary_version_id: string | null
  automatic_rotation: string
  /** Seconds. */
  rotation_interval: NullableInt64
  last_rotation_date: NullableInt64
  next_rotation_date: NullableInt64
  material_expire_time: NullableInt64
  dkms_instance_id: string | null
  deletion_protection: Flag
  deletion_protection_description: string
  policy: string | null
  revision: Int64
  updated_at: Int64
}

export interface KeyVersionsTable {
  key_version_id: string
  key_id: string
  created_at: Int64
  wrapped_material: Buffer | null
  public_key: Buffer | null
}

export interface AliasesTable {
  alias_name: string
  key_id: string
  created_at: Int64
  updated_at: Int64
}

export interface TagsTable {
  resource_type: string
  resource_id: string
  tag_key: string
  tag_value: string
}

export interface AccessKeysTable {
  access_key_id: string
  wrapped_secret: Buffer
  status: string
  description: string
  created_at: Int64
}

export interface NoncesTable {
  access_key_id: string
  nonce: string
  expires_at: Int64
}

export interface MetaTable {
  key: string
  value: string
}

/**
 * Change feed: one row per notice, written in the notifying transaction, so other processes can poll
 * `seq > lastSeen` to invalidate their caches.
 */
export interface ChangesTable {
  seq: Generated<number | string>
  topic: string
  resource_id: string
  created_at: Int64
}

export interface SchemaMigrationsTable {
  version: number
  name: string
  applied_at: Int64
}

export interface Database {
  keys: KeysTable
  key_versions: KeyVersionsTable
  aliases: AliasesTable
  tags: TagsTable
  access_keys: AccessKeysTable
  nonces: NoncesTable
  meta: MetaTable
  changes: ChangesTable
  schema_migrations: SchemaMigrationsTable
}
