/** KeyVersionRepo on Kysely (contract: src/store/repos/keys.ts). */
import type { Selectable } from 'kysely'
import type { KeyVersionRecord, KeyVersionRepo, Page, PageRequest } from '../store.js'
import type { KeyVersionsTable } from './schema.js'
import type { SqlContext } from './context.js'
import { countOf, toNumber, uniqueAs } from './dialect-helpers.js'

function versionFromRow(r: Selectable<KeyVersionsTable>): KeyVersionRecord {
  return {
    keyId: r.key_id,
    keyVersionId: r.key_version_id,
    createdAt: toNumber(r.created_at),
    wrappedMaterial: r.wrapped_material,
    publicKey: r.public_key,
  }
}

export class SqlKeyVersionRepo implements KeyVersionRepo {
  constructor(private readonly ctx: SqlContext) {}

  async insert(v: KeyVersionRecord): Promise<void> {
    await uniqueAs(`key version ${v.keyVersionId}`, () =>
      this.ctx
        .db()
        .insertInto('key_versions')
        .values({
          key_version_id: v.keyVersionId,
          key_id: v.keyId,
          created_at: v.createdAt,
          wrapped_material: v.wrappedMaterial,
          public_key: v.publicKey,
        })
        .execute(),
    )
  }

  async get(keyId: string, keyVersionId: string): Promise<KeyVersionRecord | undefined> {
    const row = await this.ctx
      .db()
      .selectFrom('key_versions')
      .selectAll()
      .where('key_version_id', '=', keyVersionId)
      .where('key_id', '=', keyId)
      .executeTakeFirst()
    return row && versionFromRow(row)
  }

  async getById(keyVersionId: string): Promise<KeyVersionRecord | undefined> {
    const row = await this.ctx
      .db()
      .selectFrom('key_versions')
      .selectAll()
      .where('key_version_id', '=', keyVersionId)
      .executeTakeFirst()
    return row && versionFromRow(row)
  }

  async list(keyId: string, page: PageRequest): Promise<Page<KeyVersionRecord>> {
    const base = this.ctx.db().selectFrom('key_versions').where('key_id', '=', keyId)
    const rows = await base
      .selectAll()
      .orderBy('created_at')
      .orderBy('key_version_id')
      .limit(page.limit)
      .offset(page.offset)
      .execute()
    const total = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst()
    return { items: rows.map(versionFromRow), total: countOf(total) }
  }

  async setMaterial(keyId: string, keyVersionId: string, wrappedMaterial: Buffer | null): Promise<void> {
    await this.ctx
      .db()
      .updateTable('key_versions')
      .set({ wrapped_material: wrappedMaterial })
      .where('key_version_id', '=', keyVersionId)
      .where('key_id', '=', keyId)
      .execute()
  }
}
