/** KeyImportRepo on Kysely (contract: src/store/repos/key-imports.ts). */
import type { Selectable } from 'kysely'
import type { ImportTokenRecord, KeyImportRepo, KeyMaterialBinding } from '../store.js'
import type { ImportTokensTable, KeyMaterialBindingsTable } from './schema.js'
import type { SqlContext } from './context.js'
import { affected, toNumber, uniqueAs } from './dialect-helpers.js'

function tokenFromRow(r: Selectable<ImportTokensTable>): ImportTokenRecord {
  return {
    tokenHash: r.token_hash,
    keyId: r.key_id,
    wrappingAlgorithm: r.wrapping_algorithm as ImportTokenRecord['wrappingAlgorithm'],
    wrappingKeySpec: r.wrapping_key_spec as ImportTokenRecord['wrappingKeySpec'],
    wrappedPrivateKey: r.wrapped_private_key,
    createdAt: toNumber(r.created_at),
    expiresAt: toNumber(r.expires_at),
  }
}

function bindingFromRow(r: Selectable<KeyMaterialBindingsTable>): KeyMaterialBinding {
  return { keyId: r.key_id, wrappedFingerprint: r.wrapped_fingerprint, boundAt: toNumber(r.bound_at) }
}

export class SqlKeyImportRepo implements KeyImportRepo {
  constructor(private readonly ctx: SqlContext) {}

  async insertToken(t: ImportTokenRecord): Promise<void> {
    await uniqueAs(`import token ${t.tokenHash}`, () =>
      this.ctx
        .db()
        .insertInto('import_tokens')
        .values({
          token_hash: t.tokenHash,
          key_id: t.keyId,
          wrapping_algorithm: t.wrappingAlgorithm,
          wrapping_key_spec: t.wrappingKeySpec,
          wrapped_private_key: t.wrappedPrivateKey,
          created_at: t.createdAt,
          expires_at: t.expiresAt,
        })
        .execute(),
    )
  }

  async getToken(tokenHash: string): Promise<ImportTokenRecord | undefined> {
    const row = await this.ctx.db().selectFrom('import_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
    return row && tokenFromRow(row)
  }

  async purge(expiredBefore: number): Promise<number> {
    return this.ctx.atomic(async (db) => {
      const gone = (table: 'import_tokens' | 'key_material_bindings') =>
        db
          .deleteFrom(table)
          .where(({ not, exists, selectFrom }) =>
            not(exists(selectFrom('keys').select('keys.key_id').whereRef('keys.key_id', '=', `${table}.key_id`))),
          )
          .executeTakeFirst()
      const expired = await db.deleteFrom('import_tokens').where('expires_at', '<=', expiredBefore).executeTakeFirst()
      return affected(expired) + affected(await gone('import_tokens')) + affected(await gone('key_material_bindings'))
    })
  }

  async getBinding(keyId: string): Promise<KeyMaterialBinding | undefined> {
    const row = await this.ctx.db().selectFrom('key_material_bindings').selectAll().where('key_id', '=', keyId).executeTakeFirst()
    return row && bindingFromRow(row)
  }

  async bind(b: KeyMaterialBinding): Promise<void> {
    await uniqueAs(`material binding of ${b.keyId}`, () =>
      this.ctx
        .db()
        .insertInto('key_material_bindings')
        .values({ key_id: b.keyId, wrapped_fingerprint: b.wrappedFingerprint, bound_at: b.boundAt })
        .execute(),
    )
  }

  async dueForMaterialExpiry(now: number, limit: number): Promise<string[]> {
    const rows = await this.ctx
      .db()
      .selectFrom('keys')
      .select('key_id')
      .where('material_expire_time', 'is not', null)
      .where('material_expire_time', '<=', now)
      .orderBy('material_expire_time')
      .orderBy('key_id')
      .limit(limit)
      .execute()
    return rows.map((r) => r.key_id)
  }
}
