import { defineAction } from '../define-action.js'
import { pageNumberParam, pageSizeParam, pageOf } from '../common-params.js'
import { aliasView } from '../views/alias.js'

export const ListAliases = defineAction({
  name: 'ListAliases',
  description: 'Lists all aliases, ordered by name.',
  params: { PageNumber: pageNumberParam(), PageSize: pageSizeParam(10) },
  errors: ['InvalidParameter'],
  async handle(q, ctx) {
    const page = await ctx.store.aliases.list(pageOf(q.PageNumber, q.PageSize))
    return {
      Aliases: { Alias: page.items.map((a) => aliasView(a, ctx.config)) },
      TotalCount: page.total,
      PageNumber: q.PageNumber,
      PageSize: q.PageSize,
    }
  },
})
