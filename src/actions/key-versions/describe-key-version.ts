import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { keyIdParam } from '../common-params.js'
import { KmsErrors } from '../../domain/errors.js'
import { keyVersionView } from '../views/key-version.js'
import { findKey } from '../../services/keys/keys.js'

export const DescribeKeyVersion = defineAction({
  name: 'DescribeKeyVersion',
  description: 'Returns one version of a key.',
  params: {
    KeyId: keyIdParam(),
    KeyVersionId: p.string({ required: true, maxLength: 128, description: 'The version id (a UUID).' }),
  },
  errors: ['Forbidden.KeyNotFound', 'Forbidden.AliasNotFound', 'Forbidden.KeyVersionNotFound'],
  async handle(q, ctx) {
    const key = await findKey(ctx.store, ctx, q.KeyId)
    const version = await ctx.store.keyVersions.get(key.keyId, q.KeyVersionId)
    if (!version) throw KmsErrors.keyVersionNotFound(q.KeyVersionId)
    return { KeyVersion: keyVersionView(version) }
  },
})
