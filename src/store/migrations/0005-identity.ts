/**
 * Identity (RAM/STS): users, groups, roles, custom policies and their versions, and policy attachments.
 * AccessKeys stay in `access_keys`; a RAM user's keys carry its name (`user_name`), the account's own (root)
 * keys none. Names are primary keys: RAM names are unique per account and are what every API addresses.
 */
import type { Kysely } from 'kysely'
import type { Migration } from './migration.js'

export const migration: Migration = {
  version: 5,
  name: 'identity',
  async up(db: Kysely<any>, t) {
    await db.schema.alterTable('access_keys').addColumn('user_name', t.text).execute()
    await db.schema.createIndex('access_keys_by_user').on('access_keys').columns(['user_name', 'created_at']).execute()

    await db.schema
      .createTable('ram_users')
      .addColumn('user_name', t.text, (c) => c.primaryKey())
      .addColumn('user_id', t.text, (c) => c.notNull().unique())
      .addColumn('display_name', t.text, (c) => c.notNull())
      .addColumn('email', t.text, (c) => c.notNull())
      .addColumn('mobile_phone', t.text, (c) => c.notNull())
      .addColumn('comments', t.text, (c) => c.notNull())
      .addColumn('created_at', t.int64, (c) => c.notNull())
      .addColumn('updated_at', t.int64, (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('ram_groups')
      .addColumn('group_name', t.text, (c) => c.primaryKey())
      .addColumn('group_id', t.text, (c) => c.notNull().unique())
      .addColumn('comments', t.text, (c) => c.notNull())
      .addColumn('created_at', t.int64, (c) => c.notNull())
      .addColumn('updated_at', t.int64, (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('ram_group_members')
      .addColumn('group_name', t.text, (c) => c.notNull().references('ram_groups.group_name'))
      .addColumn('user_name', t.text, (c) => c.notNull().references('ram_users.user_name'))
      .addColumn('joined_at', t.int64, (c) => c.notNull())
      .addPrimaryKeyConstraint('ram_group_members_pk', ['group_name', 'user_name'])
      .execute()
    await db.schema.createIndex('ram_group_members_by_user').on('ram_group_members').columns(['user_name', 'group_name']).execute()

    await db.schema
      .createTable('ram_roles')
      .addColumn('role_name', t.text, (c) => c.primaryKey())
      .addColumn('role_id', t.text, (c) => c.notNull().unique())
      .addColumn('description', t.text, (c) => c.notNull())
      .addColumn('assume_role_policy_document', t.text, (c) => c.notNull())
      .addColumn('max_session_duration', t.int32, (c) => c.notNull())
      .addColumn('created_at', t.int64, (c) => c.notNull())
      .addColumn('updated_at', t.int64, (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('ram_policies')
      .addColumn('policy_name', t.text, (c) => c.primaryKey())
      .addColumn('description', t.text, (c) => c.notNull())
      .addColumn('default_version', t.text, (c) => c.notNull())
      .addColumn('next_version', t.int32, (c) => c.notNull())
      .addColumn('created_at', t.int64, (c) => c.notNull())
      .addColumn('updated_at', t.int64, (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('ram_policy_versions')
      .addColumn('policy_name', t.text, (c) => c.notNull().references('ram_policies.policy_name'))
      .addColumn('version_id', t.text, (c) => c.notNull())
      .addColumn('document', t.text, (c) => c.notNull())
      .addColumn('created_at', t.int64, (c) => c.notNull())
      .addPrimaryKeyConstraint('ram_policy_versions_pk', ['policy_name', 'version_id'])
      .execute()

    // No foreign key to ram_policies: system policies are built in and have no row.
    await db.schema
      .createTable('ram_policy_attachments')
      .addColumn('principal_type', t.text, (c) => c.notNull())
      .addColumn('principal_name', t.text, (c) => c.notNull())
      .addColumn('policy_type', t.text, (c) => c.notNull())
      .addColumn('policy_name', t.text, (c) => c.notNull())
      .addColumn('attached_at', t.int64, (c) => c.notNull())
      .addPrimaryKeyConstraint('ram_policy_attachments_pk', ['principal_type', 'principal_name', 'policy_type', 'policy_name'])
      .execute()
    await db.schema
      .createIndex('ram_policy_attachments_by_policy')
      .on('ram_policy_attachments')
      .columns(['policy_type', 'policy_name'])
      .execute()
  },
}
