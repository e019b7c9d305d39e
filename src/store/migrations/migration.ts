import type { Kysely } from 'kysely'
import type { ColumnTypes } from './column-types.js'

/**
 * One schema step. `up` runs inside the migrator's transaction (DDL is transactional on both engines), so
 * a failing step leaves the schema as it was. Write it once with `t`'s types so it runs on both engines.
 */
export interface Migration {
  /** 1, 2, 3…: must match the file's number prefix. */
  readonly version: number
  readonly name: string
  up(db: Kysely<any>, t: ColumnTypes): Promise<void>
}
