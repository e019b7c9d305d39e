import { defineAction } from '../define-action.js'
import { policyNameParam } from '../ram-params.js'
import { KmsError } from '../../domain/errors.js'
import { identityChanged, requirePolicy } from '../../services/identity/directory.js'

export const DeletePolicy = defineAction({
  name: 'DeletePolicy',
  description: 'Deletes a custom policy that is attached to no one and has no version besides its default.',
  params: { PolicyName: policyNameParam() },
  errors: ['EntityNotExist.Policy', 'DeleteConflict.Policy.User', 'DeleteConflict.Policy.Version'],
  async handle(q, ctx) {
    await ctx.store.tx(async (tx) => {
      const policy = await requirePolicy(tx, 'Custom', q.PolicyName)
      if ((await tx.identity.attachments.ofPolicy('Custom', q.PolicyName)).length > 0) throw new KmsError('DeleteConflict.Policy.User')
      const versions = await tx.identity.policyVersions.list(q.PolicyName)
      if (versions.some((v) => v.versionId !== policy.defaultVersion)) throw new KmsError('DeleteConflict.Policy.Version')
      for (const v of versions) await tx.identity.policyVersions.delete(q.PolicyName, v.versionId)
      await tx.identity.policies.delete(q.PolicyName)
      await identityChanged(tx, q.PolicyName)
    })
    return {}
  },
})
