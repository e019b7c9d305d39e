/** Tag conditions shared by ListKeys and ListSecrets: the resource has a tag whose key (or value) is one of those given. */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely'
import type { Database } from './schema.js'
import { NEVER } from './dialect-helpers.js'

export interface TagFilterFields {
  tagKeys?: string[]
  tagValues?: string[]
}

/** One EXISTS subquery per given field (AND across fields, OR within values); an empty list matches nothing. */
export function tagConditions<TB extends 'keys' | 'secrets'>(
  eb: ExpressionBuilder<Database, TB>,
  filter: TagFilterFields,
  resourceType: 'key' | 'secret',
  idColumn: `${TB}.${string}`,
): Expression<SqlBool>[] {
  // The tags table is not part of TB, so the subquery is built on a builder typed for both.
  const b = eb as unknown as ExpressionBuilder<Database, 'keys' | 'secrets'>
  const conditions: Expression<SqlBool>[] = []
  for (const [values, column] of [
    [filter.tagKeys, 'tags.tag_key'],
    [filter.tagValues, 'tags.tag_value'],
  ] as const) {
    if (values === undefined) continue
    conditions.push(
      values.length === 0
        ? NEVER
        : b.exists(
            b
              .selectFrom('tags')
              .select('tags.tag_key')
              .where('tags.resource_type', '=', resourceType)
              .whereRef('tags.resource_id', '=', idColumn as 'keys.key_id')
              .where(column, 'in', values),
          ),
    )
  }
  return conditions
}
