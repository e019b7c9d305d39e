/** AccessKeyRepo, NonceRepo and MetaRepo on Kysely (contract: src/store/repos/auth.ts). */
import type { Selectable } from 'kysely'
import type { AccessKeyRecord, AccessKeyRepo, MetaRepo, NonceClaim, NonceRepo } from '../store.js'
import type { AccessKeysTable } from './schema.js'
import type { SqlContext } from './context.js'
import { affected, MAX_ROWS_PER_INSERT, toNumber } from './dialect-helpers.js'

function accessKeyFromRow(r: Selectable<AccessKeysTable>): AccessKeyRecord {
  return {
    accessKeyId: r.access_key_id,
    wrappedSecret: r.wrapped_secret,
    status: r.status as AccessKeyRecord['status'],
    description: r.description,
    createdAt: toNumber(r.created_at),
    ...(r.user_name !== null ? { userName: r.user_name } : {}),
  }
}

export class SqlAccessKeyRepo implements AccessKeyRepo {
  constructor(private readonly ctx: SqlContext) {}

  async get(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    const row = await this.ctx.db().selectFrom('access_keys').selectAll().where('access_key_id', '=', accessKeyId).executeTakeFirst()
    return row && accessKeyFromRow(row)
  }

  async put(r: AccessKeyRecord): Promise<void> {
    const row = {
      access_key_id: r.accessKeyId,
      wrapped_secret: r.wrappedSecret,
      status: r.status,
      description: r.description,
      created_at: r.createdAt,
      user_name: r.userName ?? null,
    }
    await this.ctx
      .db()
      .insertInto('access_keys')
      .values(row)
      .onConflict((oc) => oc.column('access_key_id').doUpdateSet({ ...row, access_key_id: undefined }))
      .execute()
  }

  async list(userName?: string): Promise<AccessKeyRecord[]> {
    let q = this.ctx.db().selectFrom('access_keys').selectAll()
    if (userName !== undefined) q = q.where('user_name', '=', userName)
    const rows = await q.orderBy('created_at').orderBy('access_key_id').execute()
    return rows.map(accessKeyFromRow)
  }

  async delete(accessKeyId: string): Promise<boolean> {
    return affected(await this.ctx.db().deleteFrom('access_keys').where('access_key_id', '=', accessKeyId).executeTakeFirst()) > 0
  }
}

export class SqlNonceRepo implements NonceRepo {
  constructor(private readonly ctx: SqlContext) {}

  /**
   * One `INSERT … ON CONFLICT DO NOTHING RETURNING` per batch: the primary key decides, so two processes
   * racing for one nonce cannot both see it as new; only the rows this statement inserted come back.
   */
  async claim(entries: NonceClaim[]): Promise<boolean[]> {
    const results: boolean[] = []
    for (let start = 0; start < entries.length; start += MAX_ROWS_PER_INSERT) {
      results.push(...(await this.claimChunk(entries.slice(start, start + MAX_ROWS_PER_INSERT))))
    }
    return results
  }

  private async claimChunk(entries: NonceClaim[]): Promise<boolean[]> {
    if (entries.length === 0) return []
    const inserted = await this.ctx
      .db()
      .insertInto('nonces')
      .values(entries.map((e) => ({ access_key_id: e.accessKeyId, nonce: e.nonce, expires_at: e.expiresAt })))
      .onConflict((oc) => oc.columns(['access_key_id', 'nonce']).doNothing())
      .returning(['access_key_id', 'nonce'])
      .execute()
    const fresh = new Set(inserted.map((r) => nonceKey(r.access_key_id, r.nonce)))
    return entries.map((e) => fresh.delete(nonceKey(e.accessKeyId, e.nonce)))
  }

  async purge(now: number): Promise<number> {
    return affected(await this.ctx.db().deleteFrom('nonces').where('expires_at', '<', now).executeTakeFirst())
  }
}

function nonceKey(accessKeyId: string, nonce: string): string {
  return `${accessKeyId}\u0000${nonce}`
}

export class SqlMetaRepo implements MetaRepo {
  constructor(private readonly ctx: SqlContext) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.ctx.db().selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst()
    return row?.value
  }

  async put(key: string, value: string): Promise<void> {
    await this.ctx
      .db()
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute()
  }
}
