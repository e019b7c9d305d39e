export const migration = {
    version: 2,
    name: 'access',
    async up(db, t) {
        await db.schema
            .createTable('network_rules')
            .addColumn('name', t.text, (c) => c.primaryKey())
            .addColumn('type', t.text, (c) => c.notNull())
            .addColumn('source_private_ips', t.text, (c) => c.notNull())
            .addColumn('description', t.text, (c) => c.notNull())
            .addColumn('created_at', t.int64, (c) => c.notNull())
            .addColumn('updated_at', t.int64, (c) => c.notNull())
            .execute();
        await db.schema
            .createTable('access_policies')
            .addColumn('name', t.text, (c) => c.primaryKey())
            .addColumn('description', t.text, (c) => c.notNull())
            .addColumn('kms_instance', t.text, (c) => c.notNull())
            .addColumn('permissions', t.text, (c) => c.notNull())
            .addColumn('resources', t.text, (c) => c.notNull())
            .addColumn('access_control_rules', t.text, (c) => c.notNull())
            .addColumn('created_at', t.int64, (c) => c.notNull())
            .addColumn('updated_at', t.int64, (c) => c.notNull())
            .execute();
        await db.schema
            .createTable('access_policy_network_rules')
            .addColumn('policy_name', t.text, (c) => c.notNull().references('access_policies.name'))
            .addColumn('rule_name', t.text, (c) => c.notNull().references('network_rules.name'))
            .addColumn('position', t.int32, (c) => c.notNull())
            .addPrimaryKeyConstraint('access_policy_network_rules_pk', ['policy_name', 'rule_name'])
            .execute();
        await db.schema.createIndex('access_policy_network_rules_by_rule').on('access_policy_network_rules').columns(['rule_name', 'policy_name']).execute();
        await db.schema
            .createTable('application_access_points')
            .addColumn('name', t.text, (c) => c.primaryKey())
            .addColumn('description', t.text, (c) => c.notNull())
            .addColumn('authentication_method', t.text, (c) => c.notNull())
            .addColumn('created_at', t.int64, (c) => c.notNull())
            .addColumn('updated_at', t.int64, (c) => c.notNull())
            .execute();
        await db.schema
            .createTable('aap_policies')
            .addColumn('aap_name', t.text, (c) => c.notNull().references('application_access_points.name'))
            .addColumn('policy_name', t.text, (c) => c.notNull().references('access_policies.name'))
            .addColumn('position', t.int32, (c) => c.notNull())
            .addPrimaryKeyConstraint('aap_policies_pk', ['aap_name', 'policy_name'])
            .execute();
        await db.schema.createIndex('aap_policies_by_policy').on('aap_policies').columns(['policy_name', 'aap_name']).execute();
        await db.schema
            .createTable('client_keys')
            .addColumn('client_key_id', t.text, (c) => c.primaryKey())
            .addColumn('aap_name', t.text, (c) => c.notNull().references('application_access_points.name'))
            .addColumn('key_algorithm', t.text, (c) => c.notNull())
            .addColumn('key_origin', t.text, (c) => c.notNull())
            .addColumn('certificate_pem', t.text, (c) => c.notNull())
            .addColumn('not_before', t.int64, (c) => c.notNull())
            .addColumn('not_after', t.int64, (c) => c.notNull())
            .addColumn('created_at', t.int64, (c) => c.notNull())
            .execute();
        await db.schema.createIndex('client_keys_by_aap').on('client_keys').columns(['aap_name', 'created_at', 'client_key_id']).execute();
    },
};
