import { affected, MAX_ROWS_PER_INSERT, toNumber } from './dialect-helpers.js';
function accessKeyFromRow(r) {
    return {
        accessKeyId: r.access_key_id,
        wrappedSecret: r.wrapped_secret,
        status: r.status,
        description: r.description,
        createdAt: toNumber(r.created_at),
    };
}
export class SqlAccessKeyRepo {
    ctx;
    constructor(ctx) {
        this.ctx = ctx;
    }
    async get(accessKeyId) {
        const row = await this.ctx.db().selectFrom('access_keys').selectAll().where('access_key_id', '=', accessKeyId).executeTakeFirst();
        return row && accessKeyFromRow(row);
    }
    async put(r) {
        const row = {
            access_key_id: r.accessKeyId,
            wrapped_secret: r.wrappedSecret,
            status: r.status,
            description: r.description,
            created_at: r.createdAt,
        };
        await this.ctx
            .db()
            .insertInto('access_keys')
            .values(row)
            .onConflict((oc) => oc.column('access_key_id').doUpdateSet({ ...row, access_key_id: undefined }))
            .execute();
    }
    async list() {
        const rows = await this.ctx.db().selectFrom('access_keys').selectAll().orderBy('created_at').orderBy('access_key_id').execute();
        return rows.map(accessKeyFromRow);
    }
    async delete(accessKeyId) {
        return affected(await this.ctx.db().deleteFrom('access_keys').where('access_key_id', '=', accessKeyId).executeTakeFirst()) > 0;
    }
}
export class SqlNonceRepo {
    ctx;
    constructor(ctx) {
        this.ctx = ctx;
    }
    /**
     * One `INSERT … ON CONFLICT DO NOTHING RETURNING` per batch: the primary key decides, so two processes
     * racing for one nonce cannot both see it as new; only the rows this statement inserted come back.
     */
    async claim(entries) {
        const results = [];
        for (let start = 0; start < entries.length; start += MAX_ROWS_PER_INSERT) {
            results.push(...(await this.claimChunk(entries.slice(start, start + MAX_ROWS_PER_INSERT))));
        }
        return results;
    }
    async claimChunk(entries) {
        if (entries.length === 0)
            return [];
        const inserted = await this.ctx
            .db()
            .insertInto('nonces')
            .values(entries.map((e) => ({ access_key_id: e.accessKeyId, nonce: e.nonce, expires_at: e.expiresAt })))
            .onConflict((oc) => oc.columns(['access_key_id', 'nonce']).doNothing())
            .returning(['access_key_id', 'nonce'])
            .execute();
        const fresh = new Set(inserted.map((r) => nonceKey(r.access_key_id, r.nonce)));
        return entries.map((e) => fresh.delete(nonceKey(e.accessKeyId, e.nonce)));
    }
    async purge(now) {
        return affected(await this.ctx.db().deleteFrom('nonces').where('expires_at', '<', now).executeTakeFirst());
    }
}
function nonceKey(accessKeyId, nonce) {
    return `${accessKeyId}\u0000${nonce}`;
}
export class SqlMetaRepo {
    ctx;
    constructor(ctx) {
        this.ctx = ctx;
    }
    async get(key) {
        const row = await this.ctx.db().selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
        return row?.value;
    }
    async put(key, value) {
        await this.ctx
            .db()
            .insertInto('meta')
            .values({ key, value })
            .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
            .execute();
    }
}
