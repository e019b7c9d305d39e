import { countOf, toNumber, uniqueAs } from './dialect-helpers.js';
function versionFromRow(r) {
    return {
        keyId: r.key_id,
        keyVersionId: r.key_version_id,
        createdAt: toNumber(r.created_at),
        wrappedMaterial: r.wrapped_material,
        publicKey: r.public_key,
    };
}
export class SqlKeyVersionRepo {
    ctx;
    constructor(ctx) {
        this.ctx = ctx;
    }
    async insert(v) {
        await uniqueAs(`key version ${v.keyVersionId}`, () => this.ctx
            .db()
            .insertInto('key_versions')
            .values({
            key_version_id: v.keyVersionId,
            key_id: v.keyId,
            created_at: v.createdAt,
            wrapped_material: v.wrappedMaterial,
            public_key: v.publicKey,
        })
            .execute());
    }
    async get(keyId, keyVersionId) {
        const row = await this.ctx
            .db()
            .selectFrom('key_versions')
            .selectAll()
            .where('key_version_id', '=', keyVersionId)
            .where('key_id', '=', keyId)
            .executeTakeFirst();
        return row && versionFromRow(row);
    }
    async getById(keyVersionId) {
        const row = await this.ctx
            .db()
            .selectFrom('key_versions')
            .selectAll()
            .where('key_version_id', '=', keyVersionId)
            .executeTakeFirst();
        return row && versionFromRow(row);
    }
    async list(keyId, page) {
        const base = this.ctx.db().selectFrom('key_versions').where('key_id', '=', keyId);
        const rows = await base
            .selectAll()
            .orderBy('created_at')
            .orderBy('key_version_id')
            .limit(page.limit)
            .offset(page.offset)
            .execute();
        const total = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
        return { items: rows.map(versionFromRow), total: countOf(total) };
    }
    async setMaterial(keyId, keyVersionId, wrappedMaterial) {
        await this.ctx
            .db()
            .updateTable('key_versions')
            .set({ wrapped_material: wrappedMaterial })
            .where('key_version_id', '=', keyVersionId)
            .where('key_id', '=', keyId)
            .execute();
    }
}
