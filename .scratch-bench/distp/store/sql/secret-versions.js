import { affected, toNumber, uniqueAs } from './dialect-helpers.js';
function versionFromRow(r) {
    return {
        secretName: r.secret_name,
        versionId: r.version_id,
        ordinal: toNumber(r.ordinal),
        createdAt: toNumber(r.created_at),
        dataType: r.data_type,
        encryptionKeyId: r.encryption_key_id,
        keyVersionId: r.key_version_id,
        wrappedDataKey: r.wrapped_data_key,
        ciphertext: r.ciphertext,
    };
}
export class SqlSecretVersionRepo {
    ctx;
    constructor(ctx) {
        this.ctx = ctx;
    }
    async insert(v) {
        await uniqueAs(`secret version ${v.secretName}/${v.versionId}`, () => this.ctx
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
            .execute());
    }
    async get(secretName, versionId) {
        const row = await this.ctx
            .db()
            .selectFrom('secret_versions')
            .selectAll()
            .where('secret_name', '=', secretName)
            .where('version_id', '=', versionId)
            .executeTakeFirst();
        return row && versionFromRow(row);
    }
    async list(secretName) {
        const rows = await this.ctx
            .db()
            .selectFrom('secret_versions')
            .selectAll()
            .where('secret_name', '=', secretName)
            .orderBy('ordinal')
            .execute();
        return rows.map(versionFromRow);
    }
    async maxOrdinal(secretName) {
        const row = await this.ctx
            .db()
            .selectFrom('secret_versions')
            .select((eb) => eb.fn.max('ordinal').as('m'))
            .where('secret_name', '=', secretName)
            .executeTakeFirst();
        return row?.m === null || row?.m === undefined ? 0 : toNumber(row.m);
    }
    async delete(secretName, versionIds) {
        if (versionIds.length === 0)
            return 0;
        const result = await this.ctx
            .db()
            .deleteFrom('secret_versions')
            .where('secret_name', '=', secretName)
            .where('version_id', 'in', versionIds)
            .executeTakeFirst();
        return affected(result);
    }
    async stages(secretName) {
        const rows = await this.ctx
            .db()
            .selectFrom('secret_version_stages')
            .select(['stage', 'version_id'])
            .where('secret_name', '=', secretName)
            .orderBy('stage')
            .execute();
        return rows.map((r) => ({ stage: r.stage, versionId: r.version_id }));
    }
    async setStage(secretName, stage, versionId) {
        await this.ctx
            .db()
            .insertInto('secret_version_stages')
            .values({ secret_name: secretName, stage, version_id: versionId })
            .onConflict((oc) => oc.columns(['secret_name', 'stage']).doUpdateSet({ version_id: versionId }))
            .execute();
    }
    async removeStage(secretName, stage) {
        const result = await this.ctx
            .db()
            .deleteFrom('secret_version_stages')
            .where('secret_name', '=', secretName)
            .where('stage', '=', stage)
            .executeTakeFirst();
        return affected(result) > 0;
    }
}
