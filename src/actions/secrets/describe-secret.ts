import { defineAction } from '../define-action.js'
import { fetchTagsParam, secretNameParam } from '../secret-params.js'
import { describeSecretView } from '../views/secret.js'
import { findSecret } from '../../services/secrets/secrets.js'

export const DescribeSecret = defineAction({
  name: 'DescribeSecret',
  description: 'Returns the metadata of a secret (never its value), also while it waits out its recovery window.',
  params: { SecretName: secretNameParam(), FetchTags: fetchTagsParam() },
  errors: ['Forbidden.ResourceNotFound'],
  async handle(q, ctx) {
    const secret = await findSecret(ctx.store, ctx, q.SecretName)
    const tags = q.FetchTags ? await ctx.store.tags.list('secret', secret.secretName) : undefined
    return describeSecretView(secret, ctx.config, tags)
  },
})
