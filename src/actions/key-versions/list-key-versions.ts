import { defineAction } from '../define-action.js'
import { keyIdParam, pageNumberParam, pageSizeParam, pageOf } from '../common-params.js'
import { keyVersionView } from '../views/key-version.js'
import { findKey } from '../../services/keys/keys.js'

export const ListKeyVersions = defineAction({
  name: 'ListKeyVersions',
  description: 'Lists the versions of a key, oldest first.',
  params: { KeyId: keyIdParam(), PageNumber: pageNumberParam(), PageSize: pageSizeParam(10) },
  errors: ['Forbidden.KeyNotFound', 'Forbidden.AliasNotFound'],
  async handle(q, ctx) {
    const key = await findKey(ctx.store, ctx, q.KeyId)
    const page = await ctx.store.keyVersions.list(key.keyId, pageOf(q.PageNumber, q.PageSize))
    return {
      KeyVersions: { KeyVersion: page.items.map(keyVersionView) },
      TotalCount: page.total,
      PageNumber: q.PageNumber,
      PageSize: q.PageSize,
    }
  },
})
