import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { policyNameParam } from '../ram-params.js'
import { KmsError } from '../../domain/errors.js'
import { identityChanged, requirePolicy } from '../../services/identity/directory.js'

export const SetDefaultPolicyVersion = defineAction({
  name: 'SetDefaultPolicyVersion',
  description: 'Makes a version the default of a custom policy; it governs the next request on every node.',
  params: { PolicyName: policyNameParam(), VersionId: p.string({ required: true, maxLength: 16, description: 'Version id, e.g. v2.' }) },
  errors: ['EntityNotExist.Policy', 'EntityNotExist.Policy.Version'],
  async handle(q, ctx) {
    await ctx.store.tx(async (tx) => {
      await requirePolicy(tx, 'Custom', q.PolicyName)
      if (!(await tx.identity.policyVersions.get(q.PolicyName, q.VersionId)))
        throw new KmsError('EntityNotExist.Policy.Version', `The policy version does not exist: ${q.VersionId}.`)
      const record = (await tx.identity.policies.get(q.PolicyName))!
      await tx.identity.policies.update({ ...record, defaultVersion: q.VersionId, updatedAt: ctx.clock.now() })
      await identityChanged(tx, q.PolicyName)
    })
    return {}
  },
})
