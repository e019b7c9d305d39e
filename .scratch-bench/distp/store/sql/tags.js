import { affected } from './dialect-helpers.js';
function tagFromRow(r) {
    return {
        resourceType: r.resource_type,
        resourceId: r.resource_id,
        tagKey: r.tag_key,
        tagValue: r.tag_value,
    };
}
export class SqlTagRepo {
    ctx;
    constructor(ctx) {
        this.ctx = ctx;
    }
    async put(resourceType, resourceId, tags) {
        // PostgreSQL refuses an upsert that touches one row twice, so a repeated key keeps its last value.
        const byKey = new Map(tags.map((t) => [t.tagKey, t.tagValue]));
        if (byKey.size === 0)
            return;
        const rows = [...byKey].map(([tag_key, tag_value]) => ({ resource_type: resourceType, resource_id: resourceId, tag_key, tag_value }));
        await this.ctx
            .db()
            .insertInto('tags')
            .values(rows)
            .onConflict((oc) => oc.columns(['resource_type', 'resource_id', 'tag_key']).doUpdateSet((eb) => ({ tag_value: eb.ref('excluded.tag_value') })))
            .execute();
    }
    async remove(resourceType, resourceId, tagKeys) {
        if (tagKeys !== undefined && tagKeys.length === 0)
            return 0;
        let query = this.ctx.db().deleteFrom('tags').where('resource_type', '=', resourceType).where('resource_id', '=', resourceId);
        if (tagKeys !== undefined)
            query = query.where('tag_key', 'in', tagKeys);
        return affected(await query.executeTakeFirst());
    }
    async list(resourceType, resourceId) {
        const rows = await this.ctx
            .db()
            .selectFrom('tags')
            .selectAll()
            .where('resource_type', '=', resourceType)
            .where('resource_id', '=', resourceId)
            .orderBy('tag_key')
            .execute();
        return rows.map(tagFromRow);
    }
    async scan(q) {
        if (q.resourceIds?.length === 0 || q.tagKeys?.length === 0)
            return [];
        let query = this.ctx.db().selectFrom('tags').selectAll().where('resource_type', '=', q.resourceType);
        if (q.resourceIds)
            query = query.where('resource_id', 'in', q.resourceIds);
        if (q.tagKeys)
            query = query.where('tag_key', 'in', q.tagKeys);
        const after = q.after;
        if (after) {
            query = query.where((eb) => eb.or([
                eb('resource_id', '>', after.resourceId),
                eb.and([eb('resource_id', '=', after.resourceId), eb('tag_key', '>', after.tagKey)]),
            ]));
        }
        const rows = await query.orderBy('resource_id').orderBy('tag_key').limit(q.limit).execute();
        return rows.map(tagFromRow);
    }
}
