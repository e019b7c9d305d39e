/** TagRepo on Kysely (contract: src/store/repos/tags.ts). */
import type { Selectable } from 'kysely'
import type { TagRecord, TagRepo, TaggedResourceType } from '../store.js'
import type { TagsTable } from './schema.js'
import type { SqlContext } from './context.js'
import { affected } from './dialect-helpers.js'

function tagFromRow(r: Selectable<TagsTable>): TagRecord {
  return {
    resourceType: r.resource_type as TaggedResourceType,
    resourceId: r.resource_id,
    tagKey: r.tag_key,
    tagValue: r.tag_value,
  }
}

export class SqlTagRepo implements TagRepo {
  constructor(private readonly ctx: SqlContext) {}

  async put(
    resourceType: TaggedResourceType,
    resourceId: string,
    tags: Array<{ tagKey: string; tagValue: string }>,
  ): Promise<void> {
    // PostgreSQL refuses an upsert that touches one row twice, so a repeated key keeps its last value.
    const byKey = new Map(tags.map((t) => [t.tagKey, t.tagValue]))
    if (byKey.size === 0) return
    const rows = [...byKey].map(([tag_key, tag_value]) => ({ resource_type: resourceType, resource_id: resourceId, tag_key, tag_value }))
    await this.ctx
      .db()
      .insertInto('tags')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['resource_type', 'resource_id', 'tag_key']).doUpdateSet((eb) => ({ tag_value: eb.ref('excluded.tag_value') })),
      )
      .execute()
  }

  async remove(resourceType: TaggedResourceType, resourceId: string, tagKeys?: string[]): Promise<number> {
    if (tagKeys !== undefined && tagKeys.length === 0) return 0
    let query = this.ctx.db().deleteFrom('tags').where('resource_type', '=', resourceType).where('resource_id', '=', resourceId)
    if (tagKeys !== undefined) query = query.where('tag_key', 'in', tagKeys)
    return affected(await query.executeTakeFirst())
  }

  async list(resourceType: TaggedResourceType, resourceId: string): Promise<TagRecord[]> {
    const rows = await this.ctx
      .db()
      .selectFrom('tags')
      .selectAll()
      .where('resource_type', '=', resourceType)
      .where('resource_id', '=', resourceId)
      .orderBy('tag_key')
      .execute()
    return rows.map(tagFromRow)
  }

  async scan(q: {
    resourceType: TaggedResourceType
    resourceIds?: string[]
    tagKeys?: string[]
    after?: { resourceId: string; tagKey: string }
    limit: number
  }): Promise<TagRecord[]> {
    if (q.resourceIds?.length === 0 || q.tagKeys?.length === 0) return []
    let query = this.ctx.db().selectFrom('tags').selectAll().where('resource_type', '=', q.resourceType)
    if (q.resourceIds) query = query.where('resource_id', 'in', q.resourceIds)
    if (q.tagKeys) query = query.where('tag_key', 'in', q.tagKeys)
    const after = q.after
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb('resource_id', '>', after.resourceId),
          eb.and([eb('resource_id', '=', after.resourceId), eb('tag_key', '>', after.tagKey)]),
        ]),
      )
    }
    const rows = await query.orderBy('resource_id').orderBy('tag_key').limit(q.limit).execute()
    return rows.map(tagFromRow)
  }
}
