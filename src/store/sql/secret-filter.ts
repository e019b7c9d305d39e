/** ListSecrets filters as SQL: AND across fields, OR within a field's values (spec kms-openapi.md §6.8 ListSecrets). */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely'
import type { SecretFilter } from '../store.js'
import type { Database } from './schema.js'
import { NEVER } from './dialect-helpers.js'
import { tagConditions } from './tag-filter.js'

type SecretsEb = ExpressionBuilder<Database, 'secrets'>

const COLUMN_FILTERS = {
  names: 'secret_name',
  types: 'secret_type',
  dkmsInstanceIds: 'dkms_instance_id',
  creators: 'creator',
} as const satisfies Partial<Record<keyof SecretFilter, keyof Database['secrets']>>

/** `%`, `_` and the escape character itself are literal inside a LIKE pattern only when escaped. */
function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** The WHERE condition for `secrets.list`; tag fields become EXISTS subqueries on the tags table. */
export function secretFilterExpression(eb: SecretsEb, filter: SecretFilter): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = []
  for (const [field, column] of Object.entries(COLUMN_FILTERS) as Array<[keyof typeof COLUMN_FILTERS, string]>) {
    const values = filter[field]
    if (values === undefined) continue
    conditions.push(values.length === 0 ? NEVER : eb(eb.ref(column as 'secret_name'), 'in', values))
  }
  if (filter.descriptions !== undefined) {
    conditions.push(
      filter.descriptions.length === 0
        ? NEVER
        : eb.or(filter.descriptions.map((d) => sql<SqlBool>`lower(description) like ${likeContains(d)} escape '\\'`)),
    )
  }
  conditions.push(...tagConditions(eb, filter, 'secret', 'secrets.secret_name'))
  return eb.and(conditions)
}
