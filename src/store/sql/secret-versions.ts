/** SecretVersionRepo on Kysely (contract: src/store/repos/secrets.ts). */
import type { Selectable } from 'kysely'
import type { SecretStage, SecretVersionRecord, SecretVersionRepo } from '../store.js'
import type { SecretVersionsTable } from './schema.js'
import type { SqlContext } from './context.js'
import { affected, toNumber, uniqueAs } from './dialect-helpers.js'

function versionFromRow(r: Selectable<SecretVersionsTable>): SecretVersionRecord {
  return {
    secretName: r.secret_name,
    versionId: r.version_id,
    ordinal: toNumber(r.ordinal),
    createdAt: toNumber(r.created_at),
    dataType: r.data_type as SecretVersionRecord['dataType'],
    encryptionKeyId: r.encryption_key_id,
    keyVersionId: r.key_version_id,
    wrappedDataKey: r.wrapped_data_key,
    ciphertext: r.ciphertext,
  }
}

export class SqlSecretVersionRepo implements SecretVersionRepo {
  constructor(private readonly ctx: SqlContext) {}

  async insert(v: SecretVersionRecord): Promise<void> {
    await uniqueAs(`secret version ${v.secretName}/${v.versionId}`, () =>
      this.ctx
        .db()
        .insertInto('secret_versions')
        .values({
          secret_name: v.secretName,
          version_id: v.versionId,
          ordinal: v.ordinal,
          created_at: v.createdAt,
          data_type: v.dataType,
          encryption_key_id: v.encryptionKeyId,
          key_version_id: v.keyVersionId,
          wrapped_data_key: v.wrappedDataKey,
          ciphertext: v.ciphertext,
        })
        .execute(),
    )
  }

  async get(secretName: string, versionId: string): Promise<SecretVersionRecord | undefined> {
    const row = await this.ctx
      .db()
      .selectFrom('secret_versions')
      .selectAll()
      .where('secret_name', '=', secretName)
      .where('version_id', '=', versionId)
      .executeTakeFirst()
    return row && versionFromRow(row)
  }

  async list(secretName: string): Promise<SecretVersionRecord[]> {
    const rows = await this.ctx
      .db()
      .selectFrom('secret_versions')
      .selectAll()
      .where('secret_name', '=', secretName)
      .orderBy('ordinal')
      .execute()
    return rows.map(versionFromRow)
  }

  async maxOrdinal(secretName: string): Promise<number> {
    const row = await this.ctx
      .db()
      .selectFrom('secret_versions')
      .select((eb) => eb.fn.max('ordinal').as('m'))
      .where('secret_name', '=', secretName)
      .executeTakeFirst()
    return row?.m === null || row?.m === undefined ? 0 : toNumber(row.m)
  }

  async delete(secretName: string, versionIds: string[]): Promise<number> {
    if (versionIds.length === 0) return 0
    const result = await this.ctx
      .db()
      .deleteFrom('secret_versions')
      .where('secret_name', '=', secretName)
      .where('version_id', 'in', versionIds)
      .executeTakeFirst()
    return affected(result)
  }

  async stages(secretName: string): Promise<SecretStage[]> {
    const rows = await this.ctx
      .db()
      .selectFrom('secret_version_stages')
      .select(['stage', 'version_id'])
      .where('secret_name', '=', secretName)
      .orderBy('stage')
      .execute()
    return rows.map((r) => ({ stage: r.stage, versionId: r.version_id }))
  }

  async setStage(secretName: string, stage: string, versionId: string): Promise<void> {
    await this.ctx
      .db()
      .insertInto('secret_version_stages')
      .values({ secret_name: secretName, stage, version_id: versionId })
      .onConflict((oc) => oc.columns(['secret_name', 'stage']).doUpdateSet({ version_id: versionId }))
      .execute()
  }

  async removeStage(secretName: string, stage: string): Promise<boolean> {
    const result = await this.ctx
      .db()
      .deleteFrom('secret_version_stages')
      .where('secret_name', '=', secretName)
      .where('stage', '=', stage)
      .executeTakeFirst()
    return affected(result) > 0
  }
}
