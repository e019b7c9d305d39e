import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { pageNumberParam, pageOf, pageSizeParam } from '../common-params.js'
import { fetchTagsParam } from '../secret-params.js'
import { KmsErrors } from '../../domain/errors.js'
import { SECRET_TYPES } from '../../domain/secret-rules.js'
import { secretListEntry } from '../views/secret.js'
import type { SecretFilter } from '../../store/store.js'

/** Filter keys accepted by ListSecrets (spec §6.8) and the SecretFilter field each one fills. */
const FILTER_FIELDS: Record<string, keyof SecretFilter> = {
  SecretName: 'names',
  Description: 'descriptions',
  TagKey: 'tagKeys',
  TagValue: 'tagValues',
  DKMSInstanceId: 'dkmsInstanceIds',
  SecretType: 'types',
  Creator: 'creators',
}

/** The filter documentation spells types `RDS`; stored types use the CreateSecret spelling (`Rds`). */
const TYPE_BY_LOWER = new Map(SECRET_TYPES.map((t) => [t.toLowerCase(), t]))

export const ListSecrets = defineAction({
  name: 'ListSecrets',
  description: 'Lists secrets (also those waiting out their recovery window), with paging, filters and tags.',
  params: {
    PageNumber: pageNumberParam(),
    PageSize: pageSizeParam(10),
    FetchTags: fetchTagsParam(),
    Filters: p.json(
      p.Type.Array(p.Type.Object({ Key: p.Type.String(), Values: p.Type.Array(p.Type.String(), { maxItems: 10 }) }), { maxItems: 10 }),
      { maxLength: 8192, description: 'JSON list of {"Key":k,"Values":[…]}: AND across keys, OR within values.' },
    ),
  },
  errors: ['InvalidParameter'],
  async handle(q, ctx) {
    const filter: SecretFilter = {}
    for (const f of q.Filters ?? []) {
      const field = FILTER_FIELDS[f.Key]
      if (!field) throw KmsErrors.invalidParameter('Filters', `Unknown filter key "${f.Key}".`)
      const values = field === 'types' ? f.Values.map((v) => TYPE_BY_LOWER.get(v.toLowerCase()) ?? v) : f.Values
      filter[field] = [...(filter[field] ?? []), ...values]
    }
    const page = await ctx.store.secrets.list(filter, pageOf(q.PageNumber, q.PageSize))
    const entries = await Promise.all(
      page.items.map(async (s) => secretListEntry(s, q.FetchTags ? await ctx.store.tags.list('secret', s.secretName) : undefined)),
    )
    return { SecretList: { Secret: entries }, TotalCount: page.total, PageNumber: q.PageNumber, PageSize: q.PageSize }
  },
})
