/** KeyRepo on Kysely (contract: src/store/repos/keys.ts). */
import { sql } from 'kysely';
import { affected, countOf, toNumber, toNumberOrNull, uniqueAs } from './dialect-helpers.js';
import { keyFilterExpression } from './key-filter.js';
/** Record field → column, for every field a patch may carry. */
const PATCH_COLUMNS = {
    description: 'description',
    keySpec: 'key_spec',
    keyUsage: 'key_usage',
    origin: 'origin',
    protectionLevel: 'protection_level',
    state: 'state',
    deleteDate: 'delete_date',
    primaryVersionId: 'primary_version_id',
    automaticRotation: 'automatic_rotation',
    rotationInterval: 'rotation_interval',
    lastRotationDate: 'last_rotation_date',
    nextRotationDate: 'next_rotation_date',
    materialExpireTime: 'material_expire_time',
    dkmsInstanceId: 'dkms_instance_id',
    deletionProtection: 'deletion_protection',
    deletionProtectionDescription: 'deletion_protection_description',
    policy: 'policy',
    updatedAt: 'updated_at',
};
function keyFromRow(r) {
    return {
        keyId: r.key_id,
        description: r.description,
        keySpec: r.key_spec,
        keyUsage: r.key_usage,
        origin: r.origin,
        protectionLevel: r.protection_level,
        state: r.state,
        creator: r.creator,
        createdAt: toNumber(r.created_at),
        deleteDate: toNumberOrNull(r.delete_date),
        primaryVersionId: r.primary_version_id,
        automaticRotation: r.automatic_rotation,
        rotationInterval: toNumberOrNull(r.rotation_interval),
        lastRotationDate: toNumberOrNull(r.last_rotation_date),
        nextRotationDate: toNumberOrNull(r.next_rotation_date),
        materialExpireTime: toNumberOrNull(r.material_expire_time),
        dkmsInstanceId: r.dkms_instance_id,
        deletionProtection: r.deletion_protection === 1,
        deletionProtectionDescription: r.deletion_protection_description,
        policy: r.policy,
        revision: toNumber(r.revision),
        updatedAt: toNumber(r.updated_at),
    };
}
function keyToRow(k) {
    return {
        key_id: k.keyId,
        creator: k.creator,
        created_at: k.createdAt,
        revision: k.revision,
        ...patchToRow(k),
    };
}
function patchToRow(patch) {
    const row = {};
    for (const [field, column] of Object.entries(PATCH_COLUMNS)) {
        const value = patch[field];
        if (value === undefined)
            continue;
        row[column] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    }
    return row;
}
export class SqlKeyRepo {
    ctx;
    constructor(ctx) {
        this.ctx = ctx;
    }
    async insert(key) {
        await uniqueAs(`key ${key.keyId}`, () => this.ctx.db().insertInto('keys').values(keyToRow(key)).execute());
    }
    async get(keyId) {
        const row = await this.ctx.db().selectFrom('keys').selectAll().where('key_id', '=', keyId).executeTakeFirst();
        return row && keyFromRow(row);
    }
    async list(filter, page) {
        const base = this.ctx.db()
            .selectFrom('keys')
            .where((eb) => keyFilterExpression(eb, filter));
        const rows = await base
            .selectAll()
            .orderBy('created_at')
            .orderBy('key_id')
            .limit(page.limit)
            .offset(page.offset)
            .execute();
        const total = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
        return { items: rows.map(keyFromRow), total: countOf(total) };
    }
    async update(keyId, patch, expectRevision) {
        let query = this.ctx.db()
            .updateTable('keys')
            .set({ ...patchToRow(patch), revision: sql `revision + 1` })
            .where('key_id', '=', keyId);
        if (expectRevision !== undefined)
            query = query.where('revision', '=', expectRevision);
        const row = await query.returningAll().executeTakeFirst();
        return row && keyFromRow(row);
    }
    async destroy(keyId) {
        return this.ctx.atomic(async (db) => {
            await db.deleteFrom('tags').where('resource_type', '=', 'key').where('resource_id', '=', keyId).execute();
            await db.deleteFrom('aliases').where('key_id', '=', keyId).execute();
            await db.deleteFrom('key_versions').where('key_id', '=', keyId).execute();
            return affected(await db.deleteFrom('keys').where('key_id', '=', keyId).executeTakeFirst()) > 0;
        });
    }
    async dueForRotation(now, limit) {
        const rows = await this.ctx.db()
            .selectFrom('keys')
            .selectAll()
            .where('automatic_rotation', '=', 'Enabled')
            .where('state', '=', 'Enabled')
            .where('next_rotation_date', '<=', now)
            .orderBy('next_rotation_date')
            .orderBy('key_id')
            .limit(limit)
            .execute();
        return rows.map(keyFromRow);
    }
    async dueForDeletion(now, limit) {
        const rows = await this.ctx.db()
            .selectFrom('keys')
            .selectAll()
            .where('state', '=', 'PendingDeletion')
            .where('delete_date', '<=', now)
            .orderBy('delete_date')
            .orderBy('key_id')
            .limit(limit)
            .execute();
        return rows.map(keyFromRow);
    }
    async count() {
        return countOf(await this.ctx.db()
            .selectFrom('keys')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirst());
    }
}
