import { affected, countOf, toNumber, uniqueAs } from './dialect-helpers.js';
import { referencesAs, requireRows } from './access-helpers.js';
function clientKeyFromRow(r) {
    return {
        clientKeyId: r.client_key_id,
        aapName: r.aap_name,
        keyAlgorithm: r.key_algorithm,
        keyOrigin: r.key_origin,
        certificatePem: r.certificate_pem,
        notBefore: toNumber(r.not_before),
        notAfter: toNumber(r.not_after),
        createdAt: toNumber(r.created_at),
    };
}
export class SqlClientKeyRepo {
    ctx;
    constructor(ctx) {
        this.ctx = ctx;
    }
    async insert(k) {
        await this.ctx.atomic(async (db) => {
            await requireRows(db, 'application_access_points', [k.aapName], 'application access point');
            await referencesAs('missing', `application access point ${k.aapName}`, () => uniqueAs(`client key ${k.clientKeyId}`, () => db
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
                .execute()));
        });
    }
    async get(clientKeyId) {
        const row = await this.ctx.db().selectFrom('client_keys').selectAll().where('client_key_id', '=', clientKeyId).executeTakeFirst();
        return row && clientKeyFromRow(row);
    }
    async delete(clientKeyId) {
        return affected(await this.ctx.db().deleteFrom('client_keys').where('client_key_id', '=', clientKeyId).executeTakeFirst()) > 0;
    }
    async list(aapName) {
        let q = this.ctx.db().selectFrom('client_keys').selectAll();
        if (aapName !== undefined)
            q = q.where('aap_name', '=', aapName);
        const rows = await q.orderBy('created_at').orderBy('client_key_id').execute();
        return rows.map(clientKeyFromRow);
    }
    async countForAap(aapName) {
        return countOf(await this.ctx
            .db()
            .selectFrom('client_keys')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('aap_name', '=', aapName)
            .executeTakeFirst());
    }
}
