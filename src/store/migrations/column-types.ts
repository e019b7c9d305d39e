/** Column types per engine, decided in one place so each migration is written once for both engines. */
import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder } from 'kysely'

/** A column type as `addColumn` accepts it (a type name or raw SQL); Kysely does not export the alias. */
export type DataTypeExpression = Parameters<CreateTableBuilder<string>['addColumn']>[1]

export type Engine = 'sqlite' | 'postgres'

export interface ColumnTypes {
  readonly engine: Engine
  /**
   * Text compared byte-wise, so ordering and cursors agree across engines: SQLite's default BINARY
   * collation; on PostgreSQL `COLLATE "C"` instead of the database locale.
   */
  readonly text: DataTypeExpression
  /** Opaque bytes: `blob` / `bytea` (both drivers return a Buffer). */
  readonly blob: DataTypeExpression
  /** 64-bit integer (epoch milliseconds, revisions). */
  readonly int64: DataTypeExpression
  /** 32-bit integer; also 0/1 flags. */
  readonly int32: DataTypeExpression
  /** An ever-increasing primary key: SQLite AUTOINCREMENT rowid, PostgreSQL identity column. */
  readonly serial: { type: DataTypeExpression; build: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder }
}

/** The column types a migration uses on `engine`. */
export function columnTypes(engine: Engine): ColumnTypes {
  if (engine === 'sqlite') {
    return {
      engine,
      text: 'text',
      blob: 'blob',
      int64: 'integer',
      int32: 'integer',
      serial: { type: 'integer', build: (c) => c.primaryKey().autoIncrement() },
    }
  }
  return {
    engine,
    text: sql`text collate "C"`,
    blob: 'bytea',
    int64: 'bigint',
    int32: 'integer',
    serial: { type: 'bigint', build: (c) => c.primaryKey().generatedAlwaysAsIdentity() },
  }
}
