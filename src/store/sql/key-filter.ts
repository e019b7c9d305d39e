/** ListKeys filters as SQL: AND across fields, OR within a field's values (spec kms-openapi.md §6.1 ListKeys). */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely'
import type { KeyFilter } from '../store.js'
import type { Database } from './schema.js'
import { NEVER } from './dialect-helpers.js'
import { tagConditions } from './tag-filter.js'

type KeysEb = ExpressionBuilder<Database, 'keys'>

const COLUMN_FILTERS = {
  states: 'state',
  specs: 'key_spec',
  usages: 'key_usage',
  protectionLevels: 'protection_level',
  dkmsInstanceIds: 'dkms_instance_id',
  keyIds: 'key_id',
  creators: 'creator',
} as const satisfies Partial<Record<keyof KeyFilter, keyof Database['keys']>>

/** Every openkms key is created by a user account, so `CreatorType` can only ever match `User`. */
const CREATOR_TYPE = 'User'

/** The WHERE condition for `keys.list`; alias and tag fields become EXISTS subqueries on their tables. */
export function keyFilterExpression(eb: KeysEb, filter: KeyFilter): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = []
  for (const [field, column] of Object.entries(COLUMN_FILTERS) as Array<[keyof typeof COLUMN_FILTERS, string]>) {
    const values = filter[field]
    if (values === undefined) continue
    conditions.push(values.length === 0 ? NEVER : eb(eb.ref(column as 'key_id'), 'in', values))
  }
  if (filter.creatorTypes !== undefined && !filter.creatorTypes.includes(CREATOR_TYPE)) conditions.push(NEVER)
  if (filter.aliasNames !== undefined) {
    conditions.push(
      filter.aliasNames.length === 0
        ? NEVER
        : eb.exists(
            eb
              .selectFrom('aliases')
              .select('aliases.alias_name')
              .whereRef('aliases.key_id', '=', 'keys.key_id')
              .where('aliases.alias_name', 'in', filter.aliasNames),
          ),
    )
  }
  conditions.push(...tagConditions(eb, filter, 'key', 'keys.key_id'))
  return eb.and(conditions)
}
