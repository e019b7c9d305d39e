export const migration = {
    version: 3,
    name: 'secrets',
    async up(db, t) {
        await db.schema
            .createTable('secrets')
            .addColumn('secret_name', t.text, (c) => c.primaryKey())
            .addColumn('secret_type', t.text, (c) => c.notNull())
            .addColumn('description', t.text, (c) => c.notNull())
            .addColumn('encryption_key_id', t.text, (c) => c.notNull())
            .addColumn('dkms_instance_id', t.text)
            .addColumn('extended_config', t.text)
            .addColumn('policy', t.text)
            .addColumn('creator', t.text, (c) => c.notNull())
            .addColumn('automatic_rotation', t.text, (c) => c.notNull())
            .addColumn('rotation_interval', t.int64)
            .addColumn('last_rotation_date', t.int64)
            .addColumn('next_rotation_date', t.int64)
            .addColumn('planned_delete_time', t.int64)
            .addColumn('created_at', t.int64, (c) => c.notNull())
            .addColumn('updated_at', t.int64, (c) => c.notNull())
            .addColumn('revision', t.int64, (c) => c.notNull())
            .execute();
        await db.schema.createIndex('secrets_by_creation').on('secrets').columns(['created_at', 'secret_name']).execute();
        await db.schema.createIndex('secrets_by_planned_delete').on('secrets').columns(['planned_delete_time']).execute();
        await db.schema.createIndex('secrets_by_next_rotation').on('secrets').columns(['next_rotation_date']).execute();
        await db.schema
            .createTable('secret_versions')
            .addColumn('secret_name', t.text, (c) => c.notNull().references('secrets.secret_name'))
            .addColumn('version_id', t.text, (c) => c.notNull())
            .addColumn('ordinal', t.int64, (c) => c.notNull())
            .addColumn('created_at', t.int64, (c) => c.notNull())
            .addColumn('data_type', t.text, (c) => c.notNull())
            .addColumn('encryption_key_id', t.text, (c) => c.notNull())
            .addColumn('key_version_id', t.text, (c) => c.notNull())
            .addColumn('wrapped_data_key', t.blob, (c) => c.notNull())
            .addColumn('ciphertext', t.blob, (c) => c.notNull())
            .addPrimaryKeyConstraint('secret_versions_pk', ['secret_name', 'version_id'])
            .addUniqueConstraint('secret_versions_ordinal', ['secret_name', 'ordinal'])
            .execute();
        await db.schema
            .createTable('secret_version_stages')
            .addColumn('secret_name', t.text, (c) => c.notNull())
            .addColumn('stage', t.text, (c) => c.notNull())
            .addColumn('version_id', t.text, (c) => c.notNull())
            .addPrimaryKeyConstraint('secret_version_stages_pk', ['secret_name', 'stage'])
            .addForeignKeyConstraint('secret_version_stages_version', ['secret_name', 'version_id'], 'secret_versions', [
            'secret_name',
            'version_id',
        ])
            .execute();
        await db.schema
            .createIndex('secret_version_stages_by_version')
            .on('secret_version_stages')
            .columns(['secret_name', 'version_id'])
            .execute();
    },
};
