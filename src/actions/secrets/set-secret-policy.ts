import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { secretNameParam } from '../secret-params.js'
import { requirePolicyName, validateSecretPolicy } from '../../domain/secret-policy.js'
import { updateLiveSecret } from '../../services/secrets/lifecycle.js'

export const SetSecretPolicy = defineAction({
  name: 'SetSecretPolicy',
  description: 'Replaces the policy of a secret (stored and returned by GetSecretPolicy; not evaluated by openkms).',
  params: {
    SecretName: secretNameParam(),
    Policy: p.string({ required: true, description: 'The policy JSON, at most 32768 bytes: {"Version":"1","Statement":[…]}.' }),
    PolicyName: p.string({ maxLength: 64, description: 'Only "default" exists.' }),
  },
  errors: ['InvalidParameter', 'Forbidden.ResourceNotFound', 'Rejected.ResourceInDeleteWindow'],
  async handle(q, ctx) {
    requirePolicyName(q.PolicyName)
    const policy = validateSecretPolicy(q.Policy)
    await updateLiveSecret(ctx, q.SecretName, () => ({ policy }))
    return {}
  },
})
