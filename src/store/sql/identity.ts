/**
 * The identity repositories on Kysely (contract: src/store/repos/identity.ts). Users, groups, roles and
 * policies share one table-driven implementation: a record maps to a row field by field, names are keys.
 */
import type { Kysely } from 'kysely'
import type {
  IdentityRepos,
  NamedRepo,
  RamAttachmentRecord,
  RamGroupRecord,
  RamMembership,
  RamPolicyRecord,
  RamPolicyVersionRecord,
  RamRoleRecord,
  RamUserRecord,
} from '../store.js'
import type { SqlContext } from './context.js'
import { affected, toNumber, uniqueAs } from './dialect-helpers.js'

/** Identity tables are not in the typed schema: their rows are mapped by the column lists below. */
type Db = Kysely<any>
type Row = Record<string, unknown>

interface TableMap<T> {
  table: string
  /** Record field → column; the first entry is the name (primary key). */
  columns: Record<keyof T & string, string>
  /** Fields held in 64-bit or integer columns (node-postgres returns int8 as text). */
  numbers: ReadonlyArray<keyof T & string>
}

class SqlNamedRepo<T extends object> implements NamedRepo<T> {
  private readonly nameColumn: string
  constructor(
    private readonly ctx: SqlContext,
    private readonly map: TableMap<T>,
  ) {
    this.nameColumn = Object.values<string>(map.columns)[0]!
  }

  private db(): Db {
    return this.ctx.db() as unknown as Db
  }

  private toRow(record: T): Row {
    const row: Row = {}
    for (const [field, column] of Object.entries<string>(this.map.columns)) row[column] = (record as Row)[field]
    return row
  }

  private fromRow(row: Row): T {
    const record: Row = {}
    for (const [field, column] of Object.entries<string>(this.map.columns)) {
      const value = row[column]
      record[field] = this.map.numbers.includes(field as keyof T & string) ? toNumber(value as number | string) : value
    }
    return record as T
  }

  async get(name: string): Promise<T | undefined> {
    const row = await this.db().selectFrom(this.map.table).selectAll().where(this.nameColumn, '=', name).executeTakeFirst()
    return row && this.fromRow(row)
  }

  async insert(record: T): Promise<void> {
    await uniqueAs(this.map.table, () => this.db().insertInto(this.map.table).values(this.toRow(record)).execute())
  }

  async update(record: T): Promise<boolean> {
    const row = this.toRow(record)
    const name = row[this.nameColumn]
    delete row[this.nameColumn]
    return affected(await this.db().updateTable(this.map.table).set(row).where(this.nameColumn, '=', name).executeTakeFirst()) > 0
  }

  async delete(name: string): Promise<boolean> {
    return affected(await this.db().deleteFrom(this.map.table).where(this.nameColumn, '=', name).executeTakeFirst()) > 0
  }

  async list(after: string | undefined, limit: number): Promise<T[]> {
    let q = this.db().selectFrom(this.map.table).selectAll()
    if (after !== undefined) q = q.where(this.nameColumn, '>', after)
    const rows = await q.orderBy(this.nameColumn).limit(limit).execute()
    return rows.map((r) => this.fromRow(r))
  }
}

const USERS: TableMap<RamUserRecord> = {
  table: 'ram_users',
  columns: {
    userName: 'user_name', userId: 'user_id', displayName: 'display_name', email: 'email', mobilePhone: 'mobile_phone',
    comments: 'comments', createdAt: 'created_at', updatedAt: 'updated_at',
  },
  numbers: ['createdAt', 'updatedAt'],
}
const GROUPS: TableMap<RamGroupRecord> = {
  table: 'ram_groups',
  columns: { groupName: 'group_name', groupId: 'group_id', comments: 'comments', createdAt: 'created_at', updatedAt: 'updated_at' },
  numbers: ['createdAt', 'updatedAt'],
}
const ROLES: TableMap<RamRoleRecord> = {
  table: 'ram_roles',
  columns: {
    roleName: 'role_name', roleId: 'role_id', description: 'description', assumeRolePolicyDocument: 'assume_role_policy_document',
    maxSessionDuration: 'max_session_duration', createdAt: 'created_at', updatedAt: 'updated_at',
  },
  numbers: ['maxSessionDuration', 'createdAt', 'updatedAt'],
}
const POLICIES: TableMap<RamPolicyRecord> = {
  table: 'ram_policies',
  columns: {
    policyName: 'policy_name', description: 'description', defaultVersion: 'default_version', nextVersion: 'next_version',
    createdAt: 'created_at', updatedAt: 'updated_at',
  },
  numbers: ['nextVersion', 'createdAt', 'updatedAt'],
}

const versionFromRow = (r: Row): RamPolicyVersionRecord => ({
  policyName: r.policy_name as string,
  versionId: r.version_id as string,
  document: r.document as string,
  createdAt: toNumber(r.created_at as number | string),
})
const memberFromRow = (r: Row): RamMembership => ({
  groupName: r.group_name as string,
  userName: r.user_name as string,
  joinedAt: toNumber(r.joined_at as number | string),
})
const attachmentFromRow = (r: Row): RamAttachmentRecord => ({
  principalType: r.principal_type as RamAttachmentRecord['principalType'],
  principalName: r.principal_name as string,
  policyType: r.policy_type as RamAttachmentRecord['policyType'],
  policyName: r.policy_name as string,
  attachedAt: toNumber(r.attached_at as number | string),
})

/** Inserts `row` unless its key exists; true when it did. */
async function insertOnce(db: Db, table: string, row: Row, key: string[]): Promise<boolean> {
  const inserted = await db
    .insertInto(table)
    .values(row)
    .onConflict((oc) => oc.columns(key).doNothing())
    .returning(key[0]!)
    .execute()
  return inserted.length > 0
}

export function makeIdentityRepos(ctx: SqlContext): IdentityRepos {
  const db = () => ctx.db() as unknown as Db
  return {
    users: new SqlNamedRepo(ctx, USERS),
    groups: new SqlNamedRepo(ctx, GROUPS),
    roles: new SqlNamedRepo(ctx, ROLES),
    policies: new SqlNamedRepo(ctx, POLICIES),
    policyVersions: {
      async get(policyName, versionId) {
        const row = await db().selectFrom('ram_policy_versions').selectAll().where('policy_name', '=', policyName).where('version_id', '=', versionId).executeTakeFirst()
        return row && versionFromRow(row)
      },
      async list(policyName) {
        const rows = await db().selectFrom('ram_policy_versions').selectAll().where('policy_name', '=', policyName).orderBy('created_at').orderBy('version_id').execute()
        return rows.map(versionFromRow)
      },
      async insert(v) {
        const row = { policy_name: v.policyName, version_id: v.versionId, document: v.document, created_at: v.createdAt }
        await uniqueAs('ram_policy_versions', () => db().insertInto('ram_policy_versions').values(row).execute())
      },
      async delete(policyName, versionId) {
        const r = await db().deleteFrom('ram_policy_versions').where('policy_name', '=', policyName).where('version_id', '=', versionId).executeTakeFirst()
        return affected(r) > 0
      },
    },
    members: {
      add: (m) => insertOnce(db(), 'ram_group_members', { group_name: m.groupName, user_name: m.userName, joined_at: m.joinedAt }, ['group_name', 'user_name']),
      async remove(groupName, userName) {
        const r = await db().deleteFrom('ram_group_members').where('group_name', '=', groupName).where('user_name', '=', userName).executeTakeFirst()
        return affected(r) > 0
      },
      async groupsOf(userName) {
        const rows = await db().selectFrom('ram_group_members').selectAll().where('user_name', '=', userName).orderBy('joined_at').orderBy('group_name').execute()
        return rows.map(memberFromRow)
      },
      async usersOf(groupName) {
        const rows = await db().selectFrom('ram_group_members').selectAll().where('group_name', '=', groupName).orderBy('joined_at').orderBy('user_name').execute()
        return rows.map(memberFromRow)
      },
    },
    attachments: {
      attach: (a) =>
        insertOnce(
          db(),
          'ram_policy_attachments',
          { principal_type: a.principalType, principal_name: a.principalName, policy_type: a.policyType, policy_name: a.policyName, attached_at: a.attachedAt },
          ['principal_type', 'principal_name', 'policy_type', 'policy_name'],
        ),
      async detach(principalType, principalName, policyType, policyName) {
        const r = await db()
          .deleteFrom('ram_policy_attachments')
          .where('principal_type', '=', principalType)
          .where('principal_name', '=', principalName)
          .where('policy_type', '=', policyType)
          .where('policy_name', '=', policyName)
          .executeTakeFirst()
        return affected(r) > 0
      },
      async ofPrincipal(principalType, principalName) {
        const rows = await db()
          .selectFrom('ram_policy_attachments')
          .selectAll()
          .where('principal_type', '=', principalType)
          .where('principal_name', '=', principalName)
          .orderBy('attached_at')
          .orderBy('policy_type')
          .orderBy('policy_name')
          .execute()
        return rows.map(attachmentFromRow)
      },
      async ofPolicy(policyType, policyName) {
        const rows = await db()
          .selectFrom('ram_policy_attachments')
          .selectAll()
          .where('policy_type', '=', policyType)
          .where('policy_name', '=', policyName)
          .orderBy('attached_at')
          .orderBy('principal_type')
          .orderBy('principal_name')
          .execute()
        return rows.map(attachmentFromRow)
      },
    },
  }
}
