import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { secretNameParam } from '../secret-params.js'
import { defaultSecretPolicy, requirePolicyName } from '../../domain/secret-policy.js'
import { findSecret } from '../../services/secrets/secrets.js'

export const GetSecretPolicy = defineAction({
  name: 'GetSecretPolicy',
  description: 'Returns the policy of a secret (the default policy until SetSecretPolicy sets one).',
  params: {
    SecretName: secretNameParam(),
    PolicyName: p.string({ maxLength: 64, description: 'Only "default" exists.' }),
  },
  errors: ['Forbidden.ResourceNotFound'],
  async handle(q, ctx) {
    requirePolicyName(q.PolicyName)
    const secret = await findSecret(ctx.store, ctx, q.SecretName)
    return { Policy: secret.policy ?? defaultSecretPolicy(ctx.config.accountId) }
  },
})
