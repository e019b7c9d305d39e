/**
 * Root-key rotation: every value wrapped by the old root key is unwrapped and wrapped again under the new
 * one, and the check value is replaced, all in one store transaction, so the database is entirely under
 * one key or the other, never a mix. Nodes must be stopped meanwhile (a node still running the old key
 * would write values the new key cannot open); `openkms root-key rotate` checks that.
 */
import type { Kysely } from 'kysely'
import type { Store } from '../store/store.js'
import { allMeta, wrappedColumns } from '../store/sql/maintenance.js'
import { sqlDatabaseOf } from '../store/sql/sql-store.js'
import { rootKeyring, wrapContext } from '../services/keyring.js'
import { ROOT_KEY_CHECK_META, RootKeyMismatch, rootKeyCheckValue } from './root-key-check.js'

type Row = Record<string, string>

/** A `wrapped_*` column: its table's primary key, and the wrap context of a row (none: not wrapped by the root key). */
interface WrappedColumn {
  readonly key: readonly string[]
  readonly context?: (row: Row) => string
}

/**
 * Every column named `wrapped_*`, with how its values were wrapped. A column missing here stops the
 * rotation before it writes anything, so a new kind of root-wrapped value cannot be left under the old key.
 */
const WRAPPED_COLUMNS: Record<string, WrappedColumn> = {
  'key_versions.wrapped_material': { key: ['key_version_id'], context: (r) => wrapContext.keyVersion(r.key_version_id!) },
  'access_keys.wrapped_secret': { key: ['access_key_id'], context: (r) => wrapContext.accessKey(r.access_key_id!) },
  'import_tokens.wrapped_private_key': {
    key: ['token_hash'],
    context: (r) => wrapContext.importToken(r.token_hash!, r.key_id!, r.wrapping_algorithm!),
  },
  'key_material_bindings.wrapped_fingerprint': { key: ['key_id'], context: (r) => wrapContext.materialFingerprint(r.key_id!) },
  // Envelope-encrypted under a KMS key (services/secrets/encryption.ts), not the root key.
  'secret_versions.wrapped_data_key': { key: ['secret_name', 'version_id'] },
}

/** Columns a context needs besides the key (read along with the wrapped value). */
const CONTEXT_COLUMNS: Record<string, readonly string[]> = { import_tokens: ['key_id', 'wrapping_algorithm'] }

/** Meta entries holding JSON with root-wrapped, base64 fields (runtime/instance-tls.ts), and each field's context. */
const WRAPPED_META: Record<string, Record<string, string>> = {
  'instanceTls.ca': { wrappedRootKey: wrapContext.instanceTls('root-ca'), wrappedSubCaKey: wrapContext.instanceTls('sub-ca') },
  'instanceTls.server': { wrappedKey: wrapContext.instanceTls('server') },
}

/** How many values were re-wrapped, per `table.column` and `meta`. */
export type RotationReport = Record<string, number>

function wrappedMetaFields(value: string): string[] {
  try {
    const parsed: unknown = JSON.parse(value)
    return parsed && typeof parsed === 'object' ? Object.keys(parsed).filter((f) => /^wrapped/i.test(f)) : []
  } catch {
    return []
  }
}

/** Refuses (before any write) when the database holds wrapped values this code does not know how to re-wrap. */
async function checkNothingUnknown(store: Store): Promise<string[]> {
  const columns = await wrappedColumns(store)
  const unknown = [
    ...columns.filter((c) => !(c in WRAPPED_COLUMNS)),
    ...(await allMeta(store)).flatMap(({ key, value }) =>
      wrappedMetaFields(value)
        .filter((f) => !(WRAPPED_META[key] && f in WRAPPED_META[key]!))
        .map((f) => `meta ${key}.${f}`),
    ),
  ]
  if (unknown.length > 0)
    throw new Error(`openkms root-key rotate: this build does not know how to re-wrap ${unknown.join(', ')}; nothing was changed`)
  return columns.filter((c) => WRAPPED_COLUMNS[c]!.context)
}

async function rewrapColumn(db: Kysely<any>, name: string, rewrap: (b: Buffer, ctx: string) => Buffer): Promise<number> {
  const [table, column] = name.split('.') as [string, string]
  const spec = WRAPPED_COLUMNS[name]!
  const rows = (await db
    .selectFrom(table)
    .select([...spec.key, ...(CONTEXT_COLUMNS[table] ?? []), column])
    .where(column, 'is not', null)
    .execute()) as Array<Row & Record<string, Buffer>>
  for (const row of rows) {
    let update = db.updateTable(table).set({ [column]: rewrap(row[column] as unknown as Buffer, spec.context!(row)) })
    for (const k of spec.key) update = update.where(k, '=', row[k])
    await update.execute()
  }
  return rows.length
}

async function rewrapMeta(store: Store, rewrap: (b: Buffer, ctx: string) => Buffer): Promise<number> {
  let count = 0
  for (const [key, fields] of Object.entries(WRAPPED_META)) {
    const text = await store.meta.get(key)
    if (text === undefined) continue
    const value = JSON.parse(text) as Record<string, unknown>
    for (const [field, context] of Object.entries(fields)) {
      if (typeof value[field] !== 'string') continue
      value[field] = rewrap(Buffer.from(value[field] as string, 'base64'), context).toString('base64')
      count++
    }
    await store.meta.put(key, JSON.stringify(value))
  }
  return count
}

/**
 * Re-wraps everything under `newKey` in one transaction, after checking that `oldKey` is the database's
 * key. Any value that does not unwrap under `oldKey` aborts the whole rotation.
 */
export async function rotateRootKey(store: Store, oldKey: Buffer, newKey: Buffer): Promise<RotationReport> {
  if (oldKey.equals(newKey)) throw new Error('openkms root-key rotate: the new root key is the current one')
  const columns = await checkNothingUnknown(store)
  const [from, to] = [rootKeyring(oldKey), rootKeyring(newKey)]
  const rewrap = (wrapped: Buffer, context: string) => {
    const plain = from.unwrap(wrapped, context)
    try {
      return to.wrap(plain, context)
    } finally {
      plain.fill(0)
    }
  }
  return store.tx(async () => {
    if ((await store.meta.get(ROOT_KEY_CHECK_META)) !== rootKeyCheckValue(oldKey)) throw new RootKeyMismatch()
    const report: RotationReport = {}
    for (const column of columns) report[column] = await rewrapColumn(sqlDatabaseOf(store), column, rewrap)
    report.meta = await rewrapMeta(store, rewrap)
    await store.meta.put(ROOT_KEY_CHECK_META, rootKeyCheckValue(newKey))
    return report
  })
}
