/** SecretRepo on Kysely (contract: src/store/repos/secrets.ts). */
import { sql } from 'kysely';
import { affected, countOf, toNumber, toNumberOrNull, uniqueAs } from './dialect-helpers.js';
import { secretFilterExpression } from './secret-filter.js';
/** Record field → column, for every field a patch may carry. */
const PATCH_COLUMNS = {
    description: 'description',
    encryptionKeyId: 'encryption_key_id',
    dkmsInstanceId: 'dkms_instance_id',
    extendedConfig: 'extended_config',
    policy: 'policy',
    automaticRotation: 'automatic_rotation',
    rotationInterval: 'rotation_interval',
    lastRotationDate: 'last_rotation_date',
    nextRotationDate: 'next_rotation_date',
    plannedDeleteTime: 'planned_delete_time',
    updatedAt: 'updated_at',
};
function secretFromRow(r) {
    return {
        secretName: r.secret_name,
        secretType: r.secret_type,
        description: r.description,
        encryptionKeyId: r.encryption_key_id,
        dkmsInstanceId: r.dkms_instance_id,
        extendedConfig: r.extended_config,
        policy: r.policy,
        creator: r.creator,
        automaticRotation: r.automatic_rotation,
        rotationInterval: toNumberOrNull(r.rotation_interval),
        lastRotationDate: toNumberOrNull(r.last_rotation_date),
        nextRotationDate: toNumberOrNull(r.next_rotation_date),
        plannedDeleteTime: toNumberOrNull(r.planned_delete_time),
        createdAt: toNumber(r.created_at),
        updatedAt: toNumber(r.updated_at),
        revision: toNumber(r.revision),
    };
}
function patchToRow(patch) {
    const row = {};
    for (const [field, column] of Object.entries(PATCH_COLUMNS)) {
        if (patch[field] !== undefined)
            row[column] = patch[field];
    }
    return row;
}
function secretToRow(s) {
    return {
        secret_name: s.secretName,
        secret_type: s.secretType,
        creator: s.creator,
        created_at: s.createdAt,
        revision: s.revision,
        ...patchToRow(s),
    };
}
export class SqlSecretRepo {
    ctx;
    constructor(ctx) {
        this.ctx = ctx;
    }
    async insert(secret) {
        await uniqueAs(`secret ${secret.secretName}`, () => this.ctx.db().insertInto('secrets').values(secretToRow(secret)).execute());
    }
    async get(secretName) {
        const row = await this.ctx.db().selectFrom('secrets').selectAll().where('secret_name', '=', secretName).executeTakeFirst();
        return row && secretFromRow(row);
    }
    async list(filter, page) {
        const base = this.ctx.db()
            .selectFrom('secrets')
            .where((eb) => secretFilterExpression(eb, filter));
        const rows = await base
            .selectAll()
            .orderBy('created_at')
            .orderBy('secret_name')
            .limit(page.limit)
            .offset(page.offset)
            .execute();
        const total = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
        return { items: rows.map(secretFromRow), total: countOf(total) };
    }
    async update(secretName, patch, expectRevision) {
        let query = this.ctx.db()
            .updateTable('secrets')
            .set({ ...patchToRow(patch), revision: sql `revision + 1` })
            .where('secret_name', '=', secretName);
        if (expectRevision !== undefined)
            query = query.where('revision', '=', expectRevision);
        const row = await query.returningAll().executeTakeFirst();
        return row && secretFromRow(row);
    }
    async destroy(secretName) {
        return this.ctx.atomic(async (db) => {
            await db.deleteFrom('tags').where('resource_type', '=', 'secret').where('resource_id', '=', secretName).execute();
            await db.deleteFrom('secret_version_stages').where('secret_name', '=', secretName).execute();
            await db.deleteFrom('secret_versions').where('secret_name', '=', secretName).execute();
            return affected(await db.deleteFrom('secrets').where('secret_name', '=', secretName).executeTakeFirst()) > 0;
        });
    }
    async dueForPurge(now, limit) {
        const rows = await this.ctx.db()
            .selectFrom('secrets')
            .selectAll()
            .where('planned_delete_time', '<=', now)
            .orderBy('planned_delete_time')
            .orderBy('secret_name')
            .limit(limit)
            .execute();
        return rows.map(secretFromRow);
    }
    async dueForRotation(now, limit) {
        const rows = await this.ctx.db()
            .selectFrom('secrets')
            .selectAll()
            .where('automatic_rotation', '=', 'Enabled')
            .where('planned_delete_time', 'is', null)
            .where('next_rotation_date', '<=', now)
            .orderBy('next_rotation_date')
            .orderBy('secret_name')
            .limit(limit)
            .execute();
        return rows.map(secretFromRow);
    }
    async count() {
        return countOf(await this.ctx.db()
            .selectFrom('secrets')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirst());
    }
}
