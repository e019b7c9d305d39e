import { affected, countOf, toNumber, uniqueAs } from './dialect-helpers.js';
function aliasFromRow(r) {
    return { aliasName: r.alias_name, keyId: r.key_id, createdAt: toNumber(r.created_at), updatedAt: toNumber(r.updated_at) };
}
export class SqlAliasRepo {
    ctx;
    constructor(ctx) {
        this.ctx = ctx;
    }
    async insert(a) {
        await uniqueAs(`alias ${a.aliasName}`, () => this.ctx
            .db()
            .insertInto('aliases')
            .values({ alias_name: a.aliasName, key_id: a.keyId, created_at: a.createdAt, updated_at: a.updatedAt })
            .execute());
    }
    async get(aliasName) {
        const row = await this.ctx.db().selectFrom('aliases').selectAll().where('alias_name', '=', aliasName).executeTakeFirst();
        return row && aliasFromRow(row);
    }
    async update(aliasName, keyId, updatedAt) {
        const result = await this.ctx
            .db()
            .updateTable('aliases')
            .set({ key_id: keyId, updated_at: updatedAt })
            .where('alias_name', '=', aliasName)
            .executeTakeFirst();
        return affected(result) > 0;
    }
    async delete(aliasName) {
        return affected(await this.ctx.db().deleteFrom('aliases').where('alias_name', '=', aliasName).executeTakeFirst()) > 0;
    }
    async list(page, keyId) {
        let base = this.ctx.db().selectFrom('aliases');
        if (keyId !== undefined)
            base = base.where('key_id', '=', keyId);
        const rows = await base.selectAll().orderBy('alias_name').limit(page.limit).offset(page.offset).execute();
        const total = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
        return { items: rows.map(aliasFromRow), total: countOf(total) };
    }
    async countForKey(keyId) {
        return countOf(await this.ctx
            .db()
            .selectFrom('aliases')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('key_id', '=', keyId)
            .executeTakeFirst());
    }
}
