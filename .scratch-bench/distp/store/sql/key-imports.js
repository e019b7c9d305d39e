import { affected, toNumber, uniqueAs } from './dialect-helpers.js';
function tokenFromRow(r) {
    return {
        tokenHash: r.token_hash,
        keyId: r.key_id,
        wrappingAlgorithm: r.wrapping_algorithm,
        wrappingKeySpec: r.wrapping_key_spec,
        wrappedPrivateKey: r.wrapped_private_key,
        createdAt: toNumber(r.created_at),
        expiresAt: toNumber(r.expires_at),
    };
}
function bindingFromRow(r) {
    return { keyId: r.key_id, wrappedFingerprint: r.wrapped_fingerprint, boundAt: toNumber(r.bound_at) };
}
export class SqlKeyImportRepo {
    ctx;
    constructor(ctx) {
        this.ctx = ctx;
    }
    async insertToken(t) {
        await uniqueAs(`import token ${t.tokenHash}`, () => this.ctx
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
            .execute());
    }
    async getToken(tokenHash) {
        const row = await this.ctx.db().selectFrom('import_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
        return row && tokenFromRow(row);
    }
    async purge(expiredBefore) {
        return this.ctx.atomic(async (db) => {
            const gone = (table) => db
                .deleteFrom(table)
                .where(({ not, exists, selectFrom }) => not(exists(selectFrom('keys').select('keys.key_id').whereRef('keys.key_id', '=', `${table}.key_id`))))
                .executeTakeFirst();
            const expired = await db.deleteFrom('import_tokens').where('expires_at', '<=', expiredBefore).executeTakeFirst();
            return affected(expired) + affected(await gone('import_tokens')) + affected(await gone('key_material_bindings'));
        });
    }
    async getBinding(keyId) {
        const row = await this.ctx.db().selectFrom('key_material_bindings').selectAll().where('key_id', '=', keyId).executeTakeFirst();
        return row && bindingFromRow(row);
    }
    async bind(b) {
        await uniqueAs(`material binding of ${b.keyId}`, () => this.ctx
            .db()
            .insertInto('key_material_bindings')
            .values({ key_id: b.keyId, wrapped_fingerprint: b.wrappedFingerprint, bound_at: b.boundAt })
            .execute());
    }
    async dueForMaterialExpiry(now, limit) {
        const rows = await this.ctx
            .db()
            .selectFrom('keys')
            .select('key_id')
            .where('material_expire_time', 'is not', null)
            .where('material_expire_time', '<=', now)
            .orderBy('material_expire_time')
            .orderBy('key_id')
            .limit(limit)
            .execute();
        return rows.map((r) => r.key_id);
    }
}
