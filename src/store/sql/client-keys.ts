/** ClientKeyRepo on Kysely (contract: src/store/repos/access.ts). Only certificates are stored, never private keys. */
import type { Selectable } from 'kysely'
import type { ClientKeyRecord, ClientKeyRepo } from '../store.js'
import type { ClientKeysTable } from './schema.js'
import type { SqlContext } from './context.js'
import { affected, countOf, toNumber, uniqueAs } from './dialect-helpers.js'
import { referencesAs, requireRows } from './access-helpers.js'

function clientKeyFromRow(r: Selectable<ClientKeysTable>): ClientKeyRecord {
  return {
    clientKeyId: r.client_key_id,
    aapName: r.aap_name,
    keyAlgorithm: r.key_algorithm as ClientKeyRecord['keyAlgorithm'],
    keyOrigin: r.key_origin as ClientKeyRecord['keyOrigin'],
    certificatePem: r.certificate_pem,
    notBefore: toNumber(r.not_before),
    notAfter: toNumber(r.not_after),
    createdAt: toNumber(r.created_at),
  }
}

export class SqlClientKeyRepo implements ClientKeyRepo {
  constructor(private readonly ctx: SqlContext) {}

  async insert(k: ClientKeyRecord): Promise<void> {
    await this.ctx.atomic(async (db) => {
      await requireRows(db, 'application_access_points', [k.aapName], 'application access point')
      await referencesAs('missing', `application access point ${k.aapName}`, () =>
        uniqueAs(`client key ${k.clientKeyId}`, () =>
          db
            .insertInto('client_keys')
            .values({
              client_key_id: k.clientKeyId,
              aap_name: k.aapName,
              key_algorithm: k.keyAlgorithm,
              key_origin: k.keyOrigin,
              certificate_pem: k.certificatePem,
              not_before: k.notBefore,
              not_after: k.notAfter,
              created_at: k.createdAt,
            })
            .execute(),
        ),
      )
    })
  }

  async get(clientKeyId: string): Promise<ClientKeyRecord | undefined> {
    const row = await this.ctx.db().selectFrom('client_keys').selectAll().where('client_key_id', '=', clientKeyId).executeTakeFirst()
    return row && clientKeyFromRow(row)
  }

  async delete(clientKeyId: string): Promise<boolean> {
    return affected(await this.ctx.db().deleteFrom('client_keys').where('client_key_id', '=', clientKeyId).executeTakeFirst()) > 0
  }

  async list(aapName?: string): Promise<ClientKeyRecord[]> {
    let q = this.ctx.db().selectFrom('client_keys').selectAll()
    if (aapName !== undefined) q = q.where('aap_name', '=', aapName)
    const rows = await q.orderBy('created_at').orderBy('client_key_id').execute()
    return rows.map(clientKeyFromRow)
  }

  async countForAap(aapName: string): Promise<number> {
    return countOf(
      await this.ctx
        .db()
        .selectFrom('client_keys')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('aap_name', '=', aapName)
        .executeTakeFirst(),
    )
  }
}
