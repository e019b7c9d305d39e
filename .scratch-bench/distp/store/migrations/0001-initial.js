export const migration = {
    version: 1,
    name: 'initial',
    async up(db, t) {
        await db.schema
            .createTable('keys')
            .addColumn('key_id', t.text, (c) => c.primaryKey())
            .addColumn('description', t.text, (c) => c.notNull())
            .addColumn('key_spec', t.text, (c) => c.notNull())
            .addColumn('key_usage', t.text, (c) => c.notNull())
            .addColumn('origin', t.text, (c) => c.notNull())
            .addColumn('protection_level', t.text, (c) => c.notNull())
            .addColumn('state', t.text, (c) => c.notNull())
            .addColumn('creator', t.text, (c) => c.notNull())
            .addColumn('created_at', t.int64, (c) => c.notNull())
            .addColumn('delete_date', t.int64)
            .addColumn('primary_version_id', t.text)
            .addColumn('automatic_rotation', t.text, (c) => c.notNull())
            .addColumn('rotation_interval', t.int64)
            .addColumn('last_rotation_date', t.int64)
            .addColumn('next_rotation_date', t.int64)
            .addColumn('material_expire_time', t.int64)
            .addColumn('dkms_instance_id', t.text)
            .addColumn('deletion_protection', t.int32, (c) => c.notNull().defaultTo(0))
            .addColumn('deletion_protection_description', t.text, (c) => c.notNull().defaultTo(''))
            .addColumn('policy', t.text)
            .addColumn('revision', t.int64, (c) => c.notNull())
            .addColumn('updated_at', t.int64, (c) => c.notNull())
            .execute();
        await db.schema.createIndex('keys_by_creation').on('keys').columns(['created_at', 'key_id']).execute();
        await db.schema.createIndex('keys_by_next_rotation').on('keys').columns(['next_rotation_date']).execute();
        await db.schema.createIndex('keys_by_delete_date').on('keys').columns(['delete_date']).execute();
        await db.schema
            .createTable('key_versions')
            .addColumn('key_version_id', t.text, (c) => c.primaryKey())
            .addColumn('key_id', t.text, (c) => c.notNull().references('keys.key_id'))
            .addColumn('created_at', t.int64, (c) => c.notNull())
            .addColumn('wrapped_material', t.blob)
            .addColumn('public_key', t.blob)
            .execute();
        await db.schema.createIndex('key_versions_by_key').on('key_versions').columns(['key_id', 'created_at', 'key_version_id']).execute();
        await db.schema
            .createTable('aliases')
            .addColumn('alias_name', t.text, (c) => c.primaryKey())
            .addColumn('key_id', t.text, (c) => c.notNull().references('keys.key_id'))
            .addColumn('created_at', t.int64, (c) => c.notNull())
            .addColumn('updated_at', t.int64, (c) => c.notNull())
            .execute();
        await db.schema.createIndex('aliases_by_key').on('aliases').columns(['key_id', 'alias_name']).execute();
        await db.schema
            .createTable('tags')
            .addColumn('resource_type', t.text, (c) => c.notNull())
            .addColumn('resource_id', t.text, (c) => c.notNull())
            .addColumn('tag_key', t.text, (c) => c.notNull())
            .addColumn('tag_value', t.text, (c) => c.notNull())
            .addPrimaryKeyConstraint('tags_pk', ['resource_type', 'resource_id', 'tag_key'])
            .execute();
        await db.schema.createIndex('tags_by_key').on('tags').columns(['resource_type', 'tag_key', 'tag_value']).execute();
        await db.schema
            .createTable('access_keys')
            .addColumn('access_key_id', t.text, (c) => c.primaryKey())
            .addColumn('wrapped_secret', t.blob, (c) => c.notNull())
            .addColumn('status', t.text, (c) => c.notNull())
            .addColumn('description', t.text, (c) => c.notNull())
            .addColumn('created_at', t.int64, (c) => c.notNull())
            .execute();
        await db.schema
            .createTable('nonces')
            .addColumn('access_key_id', t.text, (c) => c.notNull())
            .addColumn('nonce', t.text, (c) => c.notNull())
            .addColumn('expires_at', t.int64, (c) => c.notNull())
            .addPrimaryKeyConstraint('nonces_pk', ['access_key_id', 'nonce'])
            .execute();
        await db.schema.createIndex('nonces_by_expiry').on('nonces').columns(['expires_at']).execute();
        await db.schema
            .createTable('meta')
            .addColumn('key', t.text, (c) => c.primaryKey())
            .addColumn('value', t.text, (c) => c.notNull())
            .execute();
        await db.schema
            .createTable('changes')
            .addColumn('seq', t.serial.type, t.serial.build)
            .addColumn('topic', t.text, (c) => c.notNull())
            .addColumn('resource_id', t.text, (c) => c.notNull())
            .addColumn('created_at', t.int64, (c) => c.notNull())
            .execute();
    },
};
