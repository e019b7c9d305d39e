import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { keyIdParam } from '../common-params.js'
import { defaultKeyPolicy, requirePolicyName } from '../../domain/key-policy.js'
import { findKey } from '../../services/keys/keys.js'

export const GetKeyPolicy = defineAction({
  name: 'GetKeyPolicy',
  description: 'Returns the policy of a key (the default policy until one is set); stored, not evaluated, by openkms.',
  params: {
    KeyId: keyIdParam(),
    PolicyName: p.string({ maxLength: 64, description: 'Only "default" exists.' }),
  },
  errors: ['Forbidden.KeyNotFound', 'Forbidden.AliasNotFound', 'Forbidden.ResourceNotFound'],
  async handle(q, ctx) {
    requirePolicyName(q.PolicyName)
    const key = await findKey(ctx.store, ctx, q.KeyId)
    return { Policy: key.policy ?? defaultKeyPolicy(ctx.config.accountId) }
  },
})
