/** KeyRepo on Kysely (contract: src/store/repos/keys.ts). */
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import type { KeyFilter, KeyPatch, KeyRecord, KeyRepo, Page, PageRequest } from '../store.js'
import type { KeysTable } from './schema.js'
import type { SqlContext } from './context.js'
import { affected, countOf, toNumber, toNumberOrNull, uniqueAs } from './dialect-helpers.js'
import { keyFilterExpression } from './key-filter.js'

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
} as const satisfies Record<keyof KeyPatch, keyof KeysTable>

function keyFromRow(r: Selectable<KeysTable>): KeyRecord {
  return {
    keyId: r.key_id,
    description: r.description,
    keySpec: r.key_spec as KeyRecord['keySpec'],
    keyUsage: r.key_usage as KeyRecord['keyUsage'],
    origin: r.origin as KeyRecord['origin'],
    protectionLevel: r.protection_level as KeyRecord['protectionLevel'],
    state: r.state as KeyRecord['state'],
    creator: r.creator,
    createdAt: toNumber(r.created_at),
    deleteDate: toNumberOrNull(r.delete_date),
    primaryVersionId: r.primary_version_id,
    automaticRotation: r.automatic_rotation as KeyRecord['automaticRotation'],
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
  }
}

function keyToRow(k: KeyRecord): Insertable<KeysTable> {
  return {
    key_id: k.keyId,
    creator: k.creator,
    created_at: k.createdAt,
    revision: k.revision,
    ...patchToRow(k),
  } as Insertable<KeysTable>
}

function patchToRow(patch: KeyPatch): Updateable<KeysTable> {
  const row: Record<string, unknown> = {}
  for (const [field, column] of Object.entries(PATCH_COLUMNS) as Array<[keyof KeyPatch, string]>) {
    const value = patch[field]
    if (value === undefined) continue
    row[column] = typeof value === 'boolean' ? (value ? 1 : 0) : value
  }
  return row as Updateable<KeysTable>
}

export class SqlKeyRepo implements KeyRepo {
  constructor(private readonly ctx: SqlContext) {}

  async insert(key: KeyRecord): Promise<void> {
    await uniqueAs(`key ${key.keyId}`, () => this.ctx.db().insertInto('keys').values(keyToRow(key)).execute())
  }

  async get(keyId: string): Promise<KeyRecord | undefined> {
    const row = await this.ctx.db().selectFrom('keys').selectAll().where('key_id', '=', keyId).executeTakeFirst()
    return row && keyFromRow(row)
  }

  async list(filter: KeyFilter, page: PageRequest): Promise<Page<KeyRecord>> {
    const base = this.ctx.db()
      .selectFrom('keys')
      .where((eb) => keyFilterExpression(eb, filter))
    const rows = await base
      .selectAll()
      .orderBy('created_at')
      .orderBy('key_id')
      .limit(page.limit)
      .offset(page.offset)
      .execute()
    const total = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst()
    return { items: rows.map(keyFromRow), total: countOf(total) }
  }

  async update(keyId: string, patch: KeyPatch, expectRevision?: number): Promise<KeyRecord | undefined> {
    let query = this.ctx.db()
      .updateTable('keys')
      .set({ ...patchToRow(patch), revision: sql<number>`revision + 1` })
      .where('key_id', '=', keyId)
    if (expectRevision !== undefined) query = query.where('revision', '=', expectRevision)
    const row = await query.returningAll().executeTakeFirst()
    return row && keyFromRow(row)
  }

  async destroy(keyId: string): Promise<boolean> {
    return this.ctx.atomic(async (db) => {
      await db.deleteFrom('tags').where('resource_type', '=', 'key').where('resource_id', '=', keyId).execute()
      await db.deleteFrom('aliases').where('key_id', '=', keyId).execute()
      await db.deleteFrom('key_versions').where('key_id', '=', keyId).execute()
      return affected(await db.deleteFrom('keys').where('key_id', '=', keyId).executeTakeFirst()) > 0
    })
  }

  async dueForRotation(now: number, limit: number): Promise<KeyRecord[]> {
    const rows = await this.ctx.db()
      .selectFrom('keys')
      .selectAll()
      .where('automatic_rotation', '=', 'Enabled')
      .where('state', '=', 'Enabled')
      .where('next_rotation_date', '<=', now)
      .orderBy('next_rotation_date')
      .orderBy('key_id')
      .limit(limit)
      .execute()
    return rows.map(keyFromRow)
  }

  async dueForDeletion(now: number, limit: number): Promise<KeyRecord[]> {
    const rows = await this.ctx.db()
      .selectFrom('keys')
      .selectAll()
      .where('state', '=', 'PendingDeletion')
      .where('delete_date', '<=', now)
      .orderBy('delete_date')
      .orderBy('key_id')
      .limit(limit)
      .execute()
    return rows.map(keyFromRow)
  }

  async count(): Promise<number> {
    return countOf(
      await this.ctx.db()
        .selectFrom('keys')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirst(),
    )
  }
}
