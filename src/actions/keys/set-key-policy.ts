import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { keyIdParam } from '../common-params.js'
import { requireState } from '../../domain/key-state.js'
import { MAX_POLICY_BYTES, requirePolicyName, validateKeyPolicy } from '../../domain/key-policy.js'
import { updateKey } from '../../services/keys/keys.js'

export const SetKeyPolicy = defineAction({
  name: 'SetKeyPolicy',
  description: 'Replaces the policy of a key (stored and returned by GetKeyPolicy; openkms does not evaluate RAM principals).',
  params: {
    KeyId: keyIdParam(),
    Policy: p.string({ required: true, description: `The policy JSON, at most ${MAX_POLICY_BYTES} bytes: {"Version":"1","Statement":[…]}.` }),
    PolicyName: p.string({ maxLength: 64, description: 'Only "default" exists.' }),
  },
  errors: ['InvalidParameter', 'Forbidden.KeyNotFound', 'Forbidden.AliasNotFound', 'Forbidden.ResourceNotFound', 'Rejected.PendingDeletion'],
  async handle(q, ctx) {
    requirePolicyName(q.PolicyName)
    const policy = validateKeyPolicy(q.Policy)
    await updateKey(ctx, q.KeyId, (key) => {
      requireState('modifyMetadata', key.state)
      return { policy }
    })
    return {}
  },
})
