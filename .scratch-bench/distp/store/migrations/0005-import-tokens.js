export const migration = {
    version: 5,
    name: 'import-tokens',
    async up(db, t) {
        await db.schema
            .createTable('import_tokens')
            .addColumn('token_hash', t.text, (c) => c.primaryKey())
            .addColumn('key_id', t.text, (c) => c.notNull())
            .addColumn('wrapping_algorithm', t.text, (c) => c.notNull())
            .addColumn('wrapping_key_spec', t.text, (c) => c.notNull())
            .addColumn('wrapped_private_key', t.blob, (c) => c.notNull())
            .addColumn('created_at', t.int64, (c) => c.notNull())
            .addColumn('expires_at', t.int64, (c) => c.notNull())
            .execute();
        await db.schema.createIndex('import_tokens_by_expiry').on('import_tokens').columns(['expires_at']).execute();
        await db.schema.createIndex('import_tokens_by_key').on('import_tokens').columns(['key_id']).execute();
        await db.schema
            .createTable('key_material_bindings')
            .addColumn('key_id', t.text, (c) => c.primaryKey())
            .addColumn('wrapped_fingerprint', t.blob, (c) => c.notNull())
            .addColumn('bound_at', t.int64, (c) => c.notNull())
            .execute();
        await db.schema.createIndex('keys_by_material_expiry').on('keys').columns(['material_expire_time']).execute();
    },
};
