import { defineAction } from '../define-action.js'
import { keyIdParam } from '../common-params.js'
import { keyMetadata } from '../views/key-metadata.js'

export const DescribeKey = defineAction({
  name: 'DescribeKey',
  description: 'Returns the metadata of a key.',
  params: { KeyId: keyIdParam() },
  errors: ['Forbidden.KeyNotFound', 'Forbidden.AliasNotFound'],
  async handle(q, ctx) {
    // The key cache answers like findKey, and every key or alias change reaches it before the next request.
    const key = await ctx.keyCache.key(q.KeyId)
    return { KeyMetadata: keyMetadata(key, ctx.config, { describe: true }) }
  },
})
