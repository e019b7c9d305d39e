/** AuditRepo on Kysely (contract: src/store/repos/audit.ts). */
import type { Selectable } from 'kysely'
import type { AuditQuery, AuditRepo, AuditRow } from '../store.js'
import type { AuditRecordsTable } from './schema.js'
import type { SqlContext } from './context.js'
import { affected, MAX_ROWS_PER_INSERT, toNumber } from './dialect-helpers.js'

function fromRow(r: Selectable<AuditRecordsTable>): AuditRow {
  return {
    chainId: r.chain_id,
    seq: toNumber(r.seq),
    kind: r.kind as AuditRow['kind'],
    time: toNumber(r.event_time),
    requestId: r.request_id,
    eventName: r.event_name,
    errorCode: r.error_code,
    caller: r.caller,
    record: r.record,
  }
}

export class SqlAuditRepo implements AuditRepo {
  constructor(private readonly ctx: SqlContext) {}

  async append(rows: readonly AuditRow[]): Promise<void> {
    if (rows.length === 0) return
    const values = rows.map((r) => ({
      chain_id: r.chainId,
      seq: r.seq,
      kind: r.kind,
      event_time: r.time,
      request_id: r.requestId,
      event_name: r.eventName,
      error_code: r.errorCode,
      caller: r.caller,
      record: r.record,
    }))
    if (values.length <= MAX_ROWS_PER_INSERT) {
      await this.ctx.db().insertInto('audit_records').values(values).execute()
      return
    }
    await this.ctx.atomic(async (db) => {
      for (let i = 0; i < values.length; i += MAX_ROWS_PER_INSERT)
        await db.insertInto('audit_records').values(values.slice(i, i + MAX_ROWS_PER_INSERT)).execute()
    })
  }

  async list(q: AuditQuery): Promise<AuditRow[]> {
    let query = this.ctx.db().selectFrom('audit_records').selectAll().where('kind', '=', 'event')
    if (q.from !== undefined) query = query.where('event_time', '>=', q.from)
    if (q.to !== undefined) query = query.where('event_time', '<', q.to)
    if (q.eventName) query = query.where('event_name', '=', q.eventName)
    if (q.caller) query = query.where('caller', '=', q.caller)
    if (q.requestId) query = query.where('request_id', '=', q.requestId)
    if (q.errorsOnly) query = query.where('error_code', 'is not', null)
    const rows = await query.orderBy('event_time', 'desc').orderBy('chain_id').orderBy('seq', 'desc').limit(q.limit).execute()
    return rows.map(fromRow)
  }

  async chains(): Promise<string[]> {
    const rows = await this.ctx.db().selectFrom('audit_records').select('chain_id').distinct().orderBy('chain_id').execute()
    return rows.map((r) => r.chain_id)
  }

  async readChain(chainId: string, afterSeq: number, limit: number): Promise<AuditRow[]> {
    const rows = await this.ctx
      .db()
      .selectFrom('audit_records')
      .selectAll()
      .where('chain_id', '=', chainId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute()
    return rows.map(fromRow)
  }

  async prune(before: number): Promise<number> {
    const anchors = await this.ctx
      .db()
      .selectFrom('audit_records')
      .select(['chain_id', (eb) => eb.fn.max('seq').as('anchor')])
      .where('kind', '=', 'seal')
      .where('event_time', '<', before)
      .groupBy('chain_id')
      .execute()
    let deleted = 0
    for (const a of anchors) {
      const result = await this.ctx
        .db()
        .deleteFrom('audit_records')
        .where('chain_id', '=', a.chain_id)
        .where('seq', '<', toNumber(a.anchor as number | string | bigint))
        .executeTakeFirst()
      deleted += affected(result)
    }
    return deleted
  }
}
