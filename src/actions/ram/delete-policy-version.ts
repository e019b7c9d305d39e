import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { policyNameParam } from '../ram-params.js'
import { KmsError } from '../../domain/errors.js'
import { identityChanged, requirePolicy } from '../../services/identity/directory.js'

export const DeletePolicyVersion = defineAction({
  name: 'DeletePolicyVersion',
  description: 'Deletes a version of a custom policy other than its default.',
  params: { PolicyName: policyNameParam(), VersionId: p.string({ required: true, maxLength: 16, description: 'Version id, e.g. v2.' }) },
  errors: ['EntityNotExist.Policy', 'EntityNotExist.Policy.Version', 'DeleteConflict.PolicyVersion.Default'],
  async handle(q, ctx) {
    await ctx.store.tx(async (tx) => {
      const policy = await requirePolicy(tx, 'Custom', q.PolicyName)
      if (q.VersionId === policy.defaultVersion) throw new KmsError('DeleteConflict.PolicyVersion.Default')
      if (!(await tx.identity.policyVersions.delete(q.PolicyName, q.VersionId)))
        throw new KmsError('EntityNotExist.Policy.Version', `The policy version does not exist: ${q.VersionId}.`)
      await identityChanged(tx, q.PolicyName)
    })
    return {}
  },
})
