import type { Kysely } from 'kysely'
import type { Database } from './schema.js'

/** What a SQL repository needs from the store around it; the same repositories serve SQLite and PostgreSQL. */
export interface SqlContext {
  /** The executor for the current scope: the transaction's connection inside `tx`, the database outside. */
  db(): Kysely<Database>
  /** Runs a multi-statement write atomically: directly inside a transaction, otherwise in a new one. */
  atomic<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>
}
