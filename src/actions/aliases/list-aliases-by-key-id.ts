import { defineAction } from '../define-action.js'
import { keyIdParam, pageNumberParam, pageSizeParam, pageOf } from '../common-params.js'
import { aliasView } from '../views/alias.js'
import { findKey } from '../../services/keys/keys.js'

export const ListAliasesByKeyId = defineAction({
  name: 'ListAliasesByKeyId',
  description: 'Lists the aliases of one key, ordered by name.',
  params: { KeyId: keyIdParam(), PageNumber: pageNumberParam(), PageSize: pageSizeParam(10) },
  errors: ['InvalidParameter', 'Forbidden.KeyNotFound', 'Forbidden.AliasNotFound'],
  async handle(q, ctx) {
    const key = await findKey(ctx.store, ctx, q.KeyId)
    const page = await ctx.store.aliases.list(pageOf(q.PageNumber, q.PageSize), key.keyId)
    return {
      Aliases: { Alias: page.items.map((a) => aliasView(a, ctx.config)) },
      TotalCount: page.total,
      PageNumber: q.PageNumber,
      PageSize: q.PageSize,
    }
  },
})
